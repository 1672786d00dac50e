// An admin chooses whose calendar or hours to look at.

import { api, data } from "../../../api/client";
import { useResource } from "../../../lib/hooks";

export function ClinicianChoice({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [staff] = useResource((signal) => data(api.GET("/api/v1/scheduling/clinicians", { signal })), []);
  if (staff.state !== "ready") return null;
  return (
    <div class="field">
      <label for="clinician-choice">Clinician</label>
      <select
        id="clinician-choice"
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {staff.value.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
