// One field in the builder: its type, question, help, whether it is required, its options
// (one per line) and "Show only when" an earlier choice or checkbox has an answer.

import { Button } from "../../../kit";
import { CAN_CONTROL, CHOICES, FIELD_TYPES, type FieldDraft, optionsOf } from "../builder";

interface Props {
  field: FieldDraft;
  index: number;
  count: number;
  earlier: FieldDraft[];
  update: (key: number, change: Partial<FieldDraft>) => void;
  move: (key: number, by: number) => void;
  remove: (key: number) => void;
}

export function FieldEditor({ field, index, count, earlier, update, move, remove }: Props) {
  const k = field.key;
  const controllers = earlier.filter((f) => CAN_CONTROL.has(f.type));
  const target = controllers.find((f) => String(f.key) === field.showField);
  const answers: [string, string][] = target
    ? target.type === "checkbox"
      ? [
          ["true", "is checked"],
          ["false", "is not checked"],
        ]
      : optionsOf(target).map((o) => [o.value, o.label])
    : [];
  const number = index + 1;
  const display = field.type === "heading" || field.type === "instructions";
  return (
    <fieldset class="builder-field" data-field={number}>
      <legend>
        Field {number}
        {field.label ? `: ${field.label}` : ""}
      </legend>
      <div class="field">
        <label for={`type-${k}`}>Type</label>
        <select
          id={`type-${k}`}
          value={field.type}
          onChange={(e) => update(k, { type: e.currentTarget.value as FieldDraft["type"] })}
        >
          {FIELD_TYPES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`label-${k}`}>{display ? "Text" : "Question"}</label>
        <input
          id={`label-${k}`}
          value={field.label}
          maxLength={500}
          autocomplete="off"
          onInput={(e) => update(k, { label: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`help-${k}`}>Help text (optional)</label>
        <input
          id={`help-${k}`}
          value={field.help}
          maxLength={5000}
          autocomplete="off"
          onInput={(e) => update(k, { help: e.currentTarget.value })}
        />
      </div>
      {CHOICES.has(field.type) ? (
        <div class="field">
          <label for={`options-${k}`}>Options, one per line</label>
          <textarea
            id={`options-${k}`}
            rows={4}
            value={field.options}
            onInput={(e) => update(k, { options: e.currentTarget.value })}
          />
        </div>
      ) : null}
      {display ? null : (
        <div class="check">
          <input
            type="checkbox"
            id={`required-${k}`}
            checked={field.required}
            onChange={(e) => update(k, { required: e.currentTarget.checked })}
          />
          <label for={`required-${k}`}>Required</label>
        </div>
      )}
      {controllers.length ? (
        <div class="field">
          <label for={`show-${k}`}>Show only when</label>
          <select
            id={`show-${k}`}
            value={field.showField}
            onChange={(e) => update(k, { showField: e.currentTarget.value, showEquals: "" })}
          >
            <option value="">Always show this field</option>
            {controllers.map((c) => (
              <option key={c.key} value={String(c.key)}>
                {c.label || `Field ${earlier.indexOf(c) + 1}`}
              </option>
            ))}
          </select>
          {target ? (
            <>
              <label for={`equals-${k}`}>has the answer</label>
              <select
                id={`equals-${k}`}
                value={field.showEquals}
                onChange={(e) => update(k, { showEquals: e.currentTarget.value })}
              >
                <option value="">Choose an answer</option>
                {answers.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </>
          ) : null}
        </div>
      ) : null}
      <div class="actions">
        <Button variant="secondary" disabled={index === 0} onClick={() => move(k, -1)}>
          Move up<span class="visually-hidden"> field {number}</span>
        </Button>
        <Button variant="secondary" disabled={index === count - 1} onClick={() => move(k, 1)}>
          Move down<span class="visually-hidden"> field {number}</span>
        </Button>
        <Button variant="danger" onClick={() => remove(k)}>
          Remove<span class="visually-hidden"> field {number}</span>
        </Button>
      </div>
    </fieldset>
  );
}
