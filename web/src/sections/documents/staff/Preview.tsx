// The form as the client will see it, conditions working, nothing sent anywhere.

import { useState } from "preact/hooks";
import { Card } from "../../../kit";
import { type Answers, type FormField, readAnswers, visibleFields } from "../answers";
import { FieldInput } from "../FieldInput";

export function Preview({ title, body, fields }: { title: string; body: string | null; fields: FormField[] }) {
  const [answers, setAnswers] = useState<Answers>({});
  const shown = new Set(visibleFields(fields, answers).map((f) => f.id));
  const changed = (event: Event) => {
    const form = (event.currentTarget as HTMLElement).closest("form") as HTMLFormElement;
    setAnswers(readAnswers(form, fields));
  };
  return (
    <Card labelledBy="preview-title">
      <h2 id="preview-title">Preview: {title || "Untitled"}</h2>
      <form class="preview doc-form" aria-label="Preview" onSubmit={(e) => e.preventDefault()}>
        {body !== null ? (
          <div class="document-text">
            {body.split(/\n\s*\n/).map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        ) : null}
        <div onInput={changed} onChange={changed}>
          {fields.map((field) => (
            <FieldInput key={field.id} field={field} initial={{}} hidden={!shown.has(field.id)} />
          ))}
        </div>
      </form>
    </Card>
  );
}
