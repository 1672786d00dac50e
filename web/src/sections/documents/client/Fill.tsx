// One form or document. A document: read it, check "I agree", type your name, Continue.
// A form: fill in as many fields as you can (each change saves as a draft, with a visible
// "Saved"), then Submit, which checks the answers and opens the review page. A completed
// form shows what was sent, with Make Corrections.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, DateTime, Form, Loading, Page, SubmitButton } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { AnswerList } from "../AnswerList";
import { readAnswers, visibleFields } from "../answers";
import { useAutosave } from "../autosave";
import { downloadSubmission } from "../download";
import { FieldInput } from "../FieldInput";
import { documentsPath, nextAfter, type Opened, openAssignment, reviewPath, workingAnswers } from "../flow";
import "../documents.css";

const CLIENTS = new Set(["client"]);

export default function FillScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const id = params.assignment_id as string;
  return (
    <SignedIn
      slug={slug}
      roles={CLIENTS}
      current="documents"
      render={(info) => <Fill key={id} slug={slug} id={id} info={info} />}
    />
  );
}

function Fill({ slug, id, info }: { slug: string; id: string; info: Practice }) {
  const [loaded] = useResource((signal) => openAssignment(id, signal), [id]);
  const [correcting, setCorrecting] = useState(false);
  if (loaded.state === "loading") return <Loading label="Opening…" />;
  if (loaded.state === "failed") {
    return (
      <Page title="Documents">
        <h1>We couldn't open this</h1>
        <p>{messageFor(loaded.error)}</p>
        <a href={documentsPath(slug)}>Back to your documents</a>
      </Page>
    );
  }
  const { opened, etag } = loaded.value;
  const done = opened.assignment.status === "completed";
  if (opened.form.kind === "document") return <SignDocument slug={slug} opened={opened} info={info} />;
  if (done && !opened.draft && !correcting) {
    return <Submitted slug={slug} opened={opened} info={info} onCorrect={() => setCorrecting(true)} />;
  }
  return <FillForm slug={slug} opened={opened} etag={etag} />;
}

function FillForm({ slug, opened, etag }: { slug: string; opened: Opened; etag: string }) {
  const fields = opened.form.fields;
  // What the inputs start from (never changed after: they are uncontrolled), and what they
  // hold now (which decides the conditional fields).
  const [initial] = useState(() => workingAnswers(opened));
  const [answers, setAnswers] = useState(initial);
  const id = opened.assignment.id;
  const autosave = useAutosave(id, etag);
  const formId = `fill-${id}`;
  const current = () => readAnswers(document.getElementById(formId) as HTMLFormElement, fields);
  const changed = () => {
    const now = current();
    setAnswers(now);
    autosave.schedule(now);
  };
  const submit = async () => {
    const now = current();
    await autosave.flush(now);
    await data(
      api.POST("/api/v1/forms/assignments/{assignment_id}/check", {
        params: { path: { assignment_id: id } },
        body: { answers: now },
      }),
    );
    navigate(reviewPath(slug, id));
  };
  const shown = new Set(visibleFields(fields, answers).map((f) => f.id));
  return (
    <Page title={opened.form.title}>
      <h1>{opened.form.title}</h1>
      {opened.form.description ? <p class="lead">{opened.form.description}</p> : null}
      {opened.assignment.status === "completed" ? (
        <p class="notice">You're correcting a form you already submitted: your clinician will see both.</p>
      ) : null}
      <Card>
        <p class="hint">Fill out as many fields as you can. Your answers save as you type.</p>
        <Form id={formId} onSubmit={submit} class="doc-form">
          <div onInput={changed} onChange={changed}>
            {fields.map((field) => (
              <FieldInput key={field.id} field={field} initial={initial} hidden={!shown.has(field.id)} />
            ))}
          </div>
          <p role="status" class={`autosave ${autosave.state}`}>
            {autosave.message}
          </p>
          <div class="actions">
            <SubmitButton busyLabel="Checking…">Submit</SubmitButton>
            <a href={documentsPath(slug)}>Finish later</a>
          </div>
        </Form>
      </Card>
    </Page>
  );
}

function SignDocument({ slug, opened, info }: { slug: string; opened: Opened; info: Practice }) {
  const id = opened.assignment.id;
  const fields = opened.form.fields;
  const formId = `sign-${id}`;
  // One key per page: a Continue sent twice (a double tap, a retry) signs once.
  const [key] = useState(() => crypto.randomUUID());
  const sign = async () => {
    const answers = readAnswers(document.getElementById(formId) as HTMLFormElement, fields);
    await data(
      api.POST("/api/v1/forms/assignments/{assignment_id}/submissions", {
        params: { path: { assignment_id: id } },
        body: { answers },
        headers: { "Idempotency-Key": key },
      }),
    );
    navigate(await nextAfter(slug, id));
  };
  const paragraphs = (opened.form.body ?? "").split(/\n\s*\n/);
  return (
    <Page title={opened.form.title}>
      <h1>{opened.form.title}</h1>
      <Card>
        <div class="document-text">
          {paragraphs.map((text, index) => (
            <p key={index}>{text}</p>
          ))}
        </div>
        {opened.assignment.status === "completed" && opened.last_submission_id ? (
          <Signed slug={slug} opened={opened} info={info} />
        ) : (
          <Form id={formId} onSubmit={sign} class="doc-form">
            {fields.map((field) => (
              <FieldInput key={field.id} field={field} initial={{}} />
            ))}
            <SubmitButton busyLabel="Signing…">Continue</SubmitButton>
          </Form>
        )}
      </Card>
    </Page>
  );
}

function Signed({ slug, opened, info }: { slug: string; opened: Opened; info: Practice }) {
  const completed = opened.assignment.completed_at;
  return (
    <div class="notice ok">
      <p>
        You signed this document
        {completed ? (
          <>
            {" on "}
            <DateTime value={completed} timeZone={info.time_zone} />
          </>
        ) : null}
        .
      </p>
      <div class="actions">
        <PdfButton submissionId={opened.last_submission_id as string} title={opened.form.title} />
        <a href={documentsPath(slug)}>Back to your documents</a>
      </div>
    </div>
  );
}

function Submitted({ slug, opened, info, onCorrect }: SubmittedProps) {
  const completed = opened.assignment.completed_at;
  return (
    <Page title={opened.form.title}>
      <h1>{opened.form.title}</h1>
      <Card>
        <p class="notice ok">
          You submitted this form
          {completed ? (
            <>
              {" on "}
              <DateTime value={completed} timeZone={info.time_zone} />
            </>
          ) : null}
          .
        </p>
        <AnswerList fields={opened.form.fields} answers={opened.last_answers ?? {}} />
        <div class="actions">
          <Button onClick={onCorrect}>Make Corrections</Button>
          {opened.last_submission_id ? (
            <PdfButton submissionId={opened.last_submission_id} title={opened.form.title} />
          ) : null}
          <a href={documentsPath(slug)}>Back to your documents</a>
        </div>
      </Card>
    </Page>
  );
}

interface SubmittedProps {
  slug: string;
  opened: Opened;
  info: Practice;
  onCorrect: () => void;
}

export function PdfButton({ submissionId, title }: { submissionId: string; title: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const run = async () => {
    setBusy(true);
    setError("");
    try {
      await downloadSubmission(submissionId, "pdf", `${title}.pdf`);
    } catch (failure) {
      setError(messageFor(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="secondary" busy={busy} busyLabel="Preparing the PDF…" onClick={() => void run()}>
        Download PDF<span class="visually-hidden"> of {title}</span>
      </Button>
      {error ? <span class="field-error">{error}</span> : null}
    </>
  );
}
