// The component kit every screen and section shares.
export { announce } from "./announce";
export { Button } from "./Button";
export { Card, Empty, Loading, Notice } from "./Card";
export { type Column, DataTable } from "./DataTable";
export { DateTime, formatDateTime } from "./DateTime";
export { Dialog } from "./Dialog";
export { Field, SelectField, TextAreaField } from "./Field";
export { Form, FormProblem, type FormValues, SubmitButton } from "./Form";
export { Page, PageStatus, PageStatusProvider, usePageStatus } from "./Page";
export { Toaster, toast } from "./Toast";
