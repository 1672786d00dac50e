// Inputs the kit does not have yet (a checkbox, numbers, times, a note), drawn the kit's
// way: a label, an optional hint, the error next to the input, all tied together for
// screen readers, and registered with the form so a server's reason lands beside them.

import type { ComponentChildren } from "preact";
import { useFormState } from "../../../kit/Form";

interface Common {
  name: string;
  label: string;
  id?: string;
  hint?: string;
}

function useField({ name, label, id = name, hint }: Common) {
  const form = useFormState();
  form.register(name, { label, id });
  const error = form.errors?.fields[name];
  const described = [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
  return { id, error, described };
}

function Frame({ id, label, hint, error, children }: Common & { error?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
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

export function NumberField(props: Common & { min?: number; max?: number; step?: number; defaultValue?: number }) {
  const { id, error, described } = useField(props);
  return (
    <Frame {...props} id={id} error={error}>
      <input
        id={id}
        name={props.name}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        defaultValue={props.defaultValue === undefined ? "" : String(props.defaultValue)}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
    </Frame>
  );
}

export function InputField(
  props: Common & { type: "time" | "date" | "datetime-local" | "url"; defaultValue?: string; required?: boolean },
) {
  const { id, error, described } = useField(props);
  return (
    <Frame {...props} id={id} error={error}>
      <input
        id={id}
        name={props.name}
        type={props.type}
        defaultValue={props.defaultValue ?? ""}
        required={props.required ?? true}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
    </Frame>
  );
}

export function NoteField(props: Common & { maxLength?: number }) {
  const { id, error, described } = useField(props);
  return (
    <Frame {...props} id={id} error={error}>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        maxLength={props.maxLength ?? 500}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
    </Frame>
  );
}

/** A checkbox; the form's value is "on" when ticked (FormData leaves it out otherwise). */
export function CheckField(props: Common & { defaultChecked?: boolean }) {
  const { id, error, described } = useField(props);
  return (
    <div class="field check">
      <input
        id={id}
        name={props.name}
        type="checkbox"
        defaultChecked={props.defaultChecked}
        aria-describedby={described}
        aria-invalid={error ? "true" : undefined}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <p class="field-error" id={`${id}-error`} hidden={!error}>
        {error ?? ""}
      </p>
    </div>
  );
}

export const ticked = (values: Record<string, string>, name: string) => values[name] === "on";
export const number = (values: Record<string, string>, name: string) => Number(values[name] ?? "");
export const text = (values: Record<string, string>, name: string) => (values[name] ?? "").trim();
