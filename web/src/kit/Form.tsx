// Forms that say what is happening: a busy button while waiting, each error in plain
// words next to its field (and read out), a summary at the top that links to them,
// nothing lost of what the person typed (inputs are left alone while they work).

import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageFor, plainReason } from "../api/problems";
import { Button, type ButtonProps } from "./Button";
import { usePageStatus } from "./Page";

export type FormValues = Record<string, string>;

/** A problem found before asking the server: a message and, per field, plain words. */
export class FormProblem extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface FormErrors {
  summary: string;
  /** name -> plain words, for fields on this form. */
  fields: Record<string, string>;
  /** Reasons about things this form has no field for. */
  other: string[];
}

interface Registered {
  label: string;
  id: string;
}

interface FormState {
  busy: boolean;
  errors: FormErrors | null;
  register: (name: string, field: Registered) => void;
}

const FormContext = createContext<FormState>({ busy: false, errors: null, register: () => undefined });
export const useFormState = () => useContext(FormContext);

const humanize = (name: string) => {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What to show for `error`, given the fields this form has (name -> label, id). */
export function errorsFor(error: unknown, fields: ReadonlyMap<string, Registered>): FormErrors {
  if (error instanceof FormProblem) return { summary: error.message, fields: { ...error.fields }, other: [] };
  const out: FormErrors = { summary: messageFor(error), fields: {}, other: [] };
  if (!(error instanceof ApiError)) return out;
  for (const [name, reason] of Object.entries(error.fieldReasons)) {
    const field = fields.get(name);
    const words = plainReason(reason, field?.label ?? humanize(name), name);
    if (field) out.fields[name] = words;
    else if (error.isValidation) out.other.push(words);
  }
  return out;
}

export interface FormProps {
  id: string;
  /** Called with the form's values; throw (ApiError, FormProblem) to show errors. */
  onSubmit: (values: FormValues) => Promise<void> | void;
  class?: string;
  children: ComponentChildren;
}

export function Form({ id, onSubmit, class: className, children }: FormProps) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const fields = useRef(new Map<string, Registered>());
  const alive = useRef(true);
  const status = usePageStatus();
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const values: FormValues = {};
    new FormData(form).forEach((value, key) => {
      values[key] = typeof value === "string" ? value : "";
    });
    status.clear();
    setErrors(null);
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      if (alive.current) setErrors(errorsFor(error, fields.current));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const state: FormState = {
    busy,
    errors,
    register: (name, field) => {
      fields.current.set(name, field);
    },
  };
  return (
    <FormContext.Provider value={state}>
      <form id={id} class={className} noValidate onSubmit={submit} aria-busy={busy ? "true" : undefined}>
        <ErrorSummary errors={errors} fields={fields.current} />
        {children}
      </form>
    </FormContext.Provider>
  );
}

function ErrorSummary({ errors, fields }: { errors: FormErrors | null; fields: ReadonlyMap<string, Registered> }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors) box.current?.focus();
  }, [errors]);
  const items = errors
    ? [
        ...Object.entries(errors.fields).map(([name, text]) => ({ text, id: fields.get(name)?.id })),
        ...errors.other.map((text) => ({ text, id: undefined })),
      ]
    : [];
  const focusField = (id: string) => (event: Event) => {
    event.preventDefault();
    document.getElementById(id)?.focus();
  };
  return (
    <div ref={box} class="error-summary" role="alert" tabIndex={-1} hidden={!errors}>
      {errors ? <p>{errors.summary}</p> : null}
      {items.length > 1 || (items.length === 1 && items[0]?.text !== errors?.summary) ? (
        <ul>
          {items.map((item) =>
            item.id ? (
              <li key={item.text}>
                <a href={`#${item.id}`} onClick={focusField(item.id)}>
                  {item.text}
                </a>
              </li>
            ) : (
              <li key={item.text}>{item.text}</li>
            ),
          )}
        </ul>
      ) : null}
    </div>
  );
}

/** The form's submit button: disabled and saying `busyLabel` while the form works. */
export function SubmitButton({ busyLabel, children, ...rest }: Omit<ButtonProps, "type" | "busy">) {
  const { busy } = useFormState();
  return (
    <Button type="submit" busy={busy} busyLabel={busyLabel} {...rest}>
      {children}
    </Button>
  );
}
