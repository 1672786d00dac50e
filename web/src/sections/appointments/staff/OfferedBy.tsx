// "Offered by": a checkbox per clinician of the practice, in one group with its legend,
// registered with the form as clinician_ids so a server's reason lands beside the group.

import type { Schemas } from "../../../api/client";
import { useFormState } from "../../../kit/Form";
import { OFFERED_BY } from "./setupValues";

type Person = Schemas["PersonView"];

interface Props {
  /** Prefix for the element ids (two forms on one page each have the group). */
  id: string;
  clinicians: readonly Person[];
  ticked: readonly string[];
}

export function OfferedBy({ id, clinicians, ticked }: Props) {
  const form = useFormState();
  const first = clinicians[0] ? `${id}-${clinicians[0].id}` : `${id}-legend`;
  form.register("clinician_ids", { label: "Offered by", id: first });
  const error = form.errors?.fields.clinician_ids;
  return (
    <fieldset class="field offered-by" aria-describedby={`${id}-hint ${id}-error`}>
      <legend id={`${id}-legend`}>Offered by</legend>
      <p class="hint" id={`${id}-hint`}>
        Clients book this service with the clinicians ticked here.
      </p>
      {clinicians.map((c) => (
        <div class="field check" key={c.id}>
          <input
            id={`${id}-${c.id}`}
            name={`${OFFERED_BY}${c.id}`}
            type="checkbox"
            defaultChecked={ticked.includes(c.id)}
            aria-invalid={error ? "true" : undefined}
          />
          <label for={`${id}-${c.id}`}>{c.name}</label>
        </div>
      ))}
      <p class="field-error" id={`${id}-error`} hidden={!error}>
        {error ?? ""}
      </p>
    </fieldset>
  );
}
