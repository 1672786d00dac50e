// One labelled input with its hint and its error, tied together for screen readers
// (aria-describedby, aria-invalid). Inputs are uncontrolled: what the person typed
// stays put while the page around it changes.

import type { ComponentChildren, JSX } from "preact";
import { useFormState } from "./Form";

interface Common {
  /** The value's name in the form and in the API (errors are matched by it). */
  name: string;
  label: string;
  /** The element id, when `name` is used twice on one page; default `name`. */
  id?: string;
  hint?: string;
  required?: boolean;
  children?: ComponentChildren;
}

export interface FieldProps extends Common {
  type?: "text" | "email" | "password" | "date" | "search" | "tel";
  autocomplete?: string;
  inputMode?: JSX.HTMLAttributes["inputMode"];
  maxLength?: number;
  defaultValue?: string;
  onInput?: (value: string) => void;
}

function useField({ name, label, id = name, hint }: Common) {
  const form = useFormState();
  form.register(name, { label, id });
  const error = form.errors?.fields[name];
  const hintId = hint ? `${id}-hint` : "";
  return {
    id,
    error,
    describedBy: [hintId, `${id}-error`].filter(Boolean).join(" "),
    hintId,
  };
}

function Frame({ id, label, hint, hintId, error, children }: FrameProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children}
      <p class="field-error" id={`${id}-error`} hidden={!error}>
        {error ?? ""}
      </p>
    </div>
  );
}

interface FrameProps {
  id: string;
  label: string;
  hint: string | undefined;
  hintId: string;
  error: string | undefined;
  children: ComponentChildren;
}

export function Field(props: FieldProps) {
  const { id, error, describedBy, hintId } = useField(props);
  const { name, label, hint, type = "text", required = true, autocomplete, inputMode, maxLength, onInput } = props;
  return (
    <Frame id={id} label={label} hint={hint} hintId={hintId} error={error}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={props.defaultValue ?? ""}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        autocomplete={autocomplete}
        inputMode={inputMode}
        maxLength={maxLength}
        required={required}
        onInput={onInput ? (e) => onInput((e.currentTarget as HTMLInputElement).value) : undefined}
      />
      {props.children}
    </Frame>
  );
}

export interface SelectFieldProps extends Common {
  options: readonly (readonly [value: string, label: string])[];
  defaultValue?: string;
}

export function SelectField(props: SelectFieldProps) {
  const { id, error, describedBy, hintId } = useField(props);
  return (
    <Frame id={id} label={props.label} hint={props.hint} hintId={hintId} error={error}>
      <select
        id={id}
        name={props.name}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        defaultValue={props.defaultValue}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export interface TextAreaFieldProps extends Common {
  rows?: number;
  maxLength?: number;
  placeholder?: string;
  defaultValue?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/** A labelled box for longer text (a message): the same label, hint and error as Field. */
export function TextAreaField(props: TextAreaFieldProps) {
  const { id, error, describedBy, hintId } = useField(props);
  const { name, label, hint, required = true, rows = 4, maxLength, placeholder, onKeyDown } = props;
  return (
    <Frame id={id} label={label} hint={hint} hintId={hintId} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={props.defaultValue ?? ""}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        maxLength={maxLength}
        placeholder={placeholder}
        required={required}
        onKeyDown={onKeyDown}
      />
    </Frame>
  );
}
