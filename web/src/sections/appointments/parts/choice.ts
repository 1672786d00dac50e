// Which clinician, location and service the booking week starts with, and keeping a
// changed choice possible (a location and a service the chosen clinician offers).

import type { Choice, Options } from "./api";

/** The clinician `prefer`red (a client's own, by default) when they can be booked,
 * else the first; with the first location and service they offer in the practice's own
 * order (by name), not in the order their ids happen to arrive. */
export function firstChoice(
  options: Options,
  prefer: string | null = options.your_clinician_id ?? null,
): Choice | null {
  const clinician = options.clinicians.find((c) => c.id === prefer) ?? options.clinicians[0] ?? null;
  if (!clinician) return null;
  return {
    clinician_id: clinician.id,
    location_id: firstOffered(clinician.location_ids, options.locations),
    service_id: firstOffered(clinician.service_ids, options.services),
  };
}

function firstOffered(ids: readonly string[], listed: readonly { id: string }[]): string {
  return listed.find((item) => ids.includes(item.id))?.id ?? ids[0] ?? "";
}

/** Keep a choice possible: a location and service the chosen clinician offers. */
export function valid(options: Options, choice: Choice): Choice {
  const clinician = options.clinicians.find((c) => c.id === choice.clinician_id) ?? options.clinicians[0];
  if (!clinician) return choice;
  const location = clinician.location_ids.includes(choice.location_id)
    ? choice.location_id
    : firstOffered(clinician.location_ids, options.locations);
  const service = clinician.service_ids.includes(choice.service_id)
    ? choice.service_id
    : firstOffered(clinician.service_ids, options.services);
  return { clinician_id: clinician.id, location_id: location, service_id: service };
}
