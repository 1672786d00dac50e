// One field of a form as the client fills it in (and as staff preview it): a labelled
// input of the field's type, its help text and its error, tied together for screen
// readers. Inputs are uncontrolled: what the person typed stays put while conditions show
// and hide other fields. Choices are radio buttons or checkboxes in a fieldset.

import { useFormState } from "../../kit/Form";
import { type Answers, type FormField, isSignature } from "./answers";

interface Props {
  field: FormField;
  /** Where to start: a draft, or the last submission for a correction. */
  initial: Answers;
  hidden?: boolean;
}

export function FieldInput({ field, initial, hidden = false }: Props) {
  const form = useFormState();
  const id = `field-${field.id}`;
  form.register(field.id, { label: field.label, id });
  const error = form.errors?.fields[field.id];
  if (field.type === "heading") {
    return (
      <h2 class="form-heading" hidden={hidden}>
        {field.label}
      </h2>
    );
  }
  if (field.type === "instructions") {
    return (
      <div class="form-instructions" hidden={hidden}>
        <p>{field.label}</p>
        {field.help ? <p class="hint">{field.help}</p> : null}
      </div>
    );
  }
  const describedBy = [field.help ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
  const common = { describedBy, error, hidden };
  const value = initial[field.id];
  if (field.type === "single_choice" || field.type === "multiple_choice") {
    return <Choices field={field} id={id} value={value} {...common} />;
  }
  if (field.type === "checkbox") {
    return (
      <div class="field check" hidden={hidden}>
        <input id={id} type="checkbox" name={field.id} defaultChecked={value === true} aria-describedby={describedBy} />
        <label for={id}>
          {field.label}
          {field.required ? <Required /> : null}
        </label>
        <Help field={field} id={id} error={error} />
      </div>
    );
  }
  if (field.type === "signature") return <SignatureInput field={field} id={id} value={value} {...common} />;
  return (
    <div class="field" hidden={hidden}>
      <label for={id}>
        {field.label}
        {field.required ? <Required /> : null}
      </label>
      {field.type === "long_text" ? (
        <textarea
          id={id}
          name={field.id}
          rows={4}
          maxLength={10000}
          defaultValue={typeof value === "string" ? value : ""}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
        />
      ) : (
        <input
          id={id}
          name={field.id}
          type={INPUT_TYPES[field.type] ?? "text"}
          inputMode={field.type === "number" ? "decimal" : undefined}
          maxLength={500}
          defaultValue={value === undefined || value === null ? "" : String(value)}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          autocomplete="off"
        />
      )}
      <Help field={field} id={id} error={error} />
    </div>
  );
}

const INPUT_TYPES: Record<string, string> = { date: "date", email: "email", phone: "tel", number: "text" };

function Required() {
  return <span class="required"> (required)</span>;
}

function Help({ field, id, error }: { field: FormField; id: string; error: string | undefined }) {
  return (
    <>
      {field.help ? (
        <p class="hint" id={`${id}-hint`}>
          {field.help}
        </p>
      ) : null}
      <p class="field-error" id={`${id}-error`} hidden={!error}>
        {error ?? ""}
      </p>
    </>
  );
}

interface PartProps {
  field: FormField;
  id: string;
  value: unknown;
  describedBy: string;
  error: string | undefined;
  hidden: boolean;
}

function Choices({ field, id, value, describedBy, error, hidden }: PartProps) {
  const many = field.type === "multiple_choice";
  const picked = new Set(Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  return (
    <fieldset class="field choices" hidden={hidden} aria-describedby={describedBy} id={id} tabIndex={-1}>
      <legend>
        {field.label}
        {field.required ? <Required /> : null}
      </legend>
      {(field.options ?? []).map((option, index) => (
        <div class="option" key={option.value}>
          <input
            id={`${id}-${index}`}
            type={many ? "checkbox" : "radio"}
            name={field.id}
            value={option.value}
            defaultChecked={picked.has(option.value)}
          />
          <label for={`${id}-${index}`}>{option.label}</label>
        </div>
      ))}
      <Help field={field} id={id} error={error} />
    </fieldset>
  );
}

function SignatureInput({ field, id, value, describedBy, error, hidden }: PartProps) {
  const signed = isSignature(value) ? value : { name: "", agreed: false };
  return (
    <fieldset class="field signature" hidden={hidden} aria-describedby={describedBy} id={id} tabIndex={-1}>
      <legend>{field.label}</legend>
      <div class="check">
        <input id={`${id}-agreed`} type="checkbox" name={`${field.id}.agreed`} defaultChecked={signed.agreed} />
        <label for={`${id}-agreed`}>I agree, and sign this electronically</label>
      </div>
      <label for={`${id}-name`}>Type your full name</label>
      <input
        id={`${id}-name`}
        name={`${field.id}.name`}
        defaultValue={signed.name}
        autocomplete="name"
        maxLength={200}
        aria-invalid={error ? "true" : undefined}
      />
      <Help field={field} id={id} error={error} />
    </fieldset>
  );
}
