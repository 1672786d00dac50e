// Every answer of a form, as the review page and a submitted form show it: the question,
// then the answer in words (text stays text). Fields hidden by their conditions are left
// out, as they were on the page.

import { type Answers, answerText, DISPLAY_ONLY, type FormField, visibleFields } from "./answers";

export function AnswerList({
  fields,
  answers,
  changed,
  previous,
}: {
  fields: readonly FormField[];
  answers: Answers;
  /** Field ids to mark as changed since `previous` (the clinician's comparison). */
  changed?: readonly string[];
  previous?: Answers | null;
}) {
  const marked = new Set(changed ?? []);
  return (
    <dl class="answers">
      {visibleFields(fields, answers)
        .filter((f) => !DISPLAY_ONLY.has(f.type))
        .map((field) => (
          <div key={field.id} class={marked.has(field.id) ? "answer changed" : "answer"}>
            <dt>
              {field.label}
              {marked.has(field.id) ? <span class="badge">Changed</span> : null}
            </dt>
            <dd>{answerText(field, answers[field.id])}</dd>
            {marked.has(field.id) && previous ? (
              <dd class="previous">Before: {answerText(field, previous[field.id])}</dd>
            ) : null}
          </div>
        ))}
    </dl>
  );
}
