// Which clinician, location and service the booking week starts with, and keeping a
// changed choice possible (a location and a service the chosen clinician offers).

import type { Choice, Options } from "./api";

/** The clinician `prefer`red (a client's own, by default) when they can be booked,
 * else the first; with their first location and service. */
export function firstChoice(
  options: Options,
  prefer: string | null = options.your_clinician_id ?? null,
): Choice | null {
  const clinician = options.clinicians.find((c) => c.id === prefer) ?? options.clinicians[0] ?? null;
  if (!clinician) return null;
  return {
    clinician_id: clinician.id,
    location_id: clinician.location_ids[0] ?? "",
    service_id: clinician.service_ids[0] ?? "",
  };
}

/** Keep a choice possible: a location and service the chosen clinician offers. */
export function valid(options: Options, choice: Choice): Choice {
  const clinician = options.clinicians.find((c) => c.id === choice.clinician_id) ?? options.clinicians[0];
  if (!clinician) return choice;
  const location = clinician.location_ids.includes(choice.location_id)
    ? choice.location_id
    : (clinician.location_ids[0] ?? "");
  const service = clinician.service_ids.includes(choice.service_id)
    ? choice.service_id
    : (clinician.service_ids[0] ?? "");
  return { clinician_id: clinician.id, location_id: location, service_id: service };
}
