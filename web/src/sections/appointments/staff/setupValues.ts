// What Booking setup's forms send: a location's or a service's fields read from a form,
// checked where a person cannot guess the format (a fee in dollars, a CPT code, a length
// in minutes), and for an edit only what changed, so saving an untouched form changes
// nothing and a field cleared on purpose is removed.

import type { Schemas } from "../../../api/client";
import { FormProblem } from "../../../kit";

export type Location = Schemas["StaffLocationView"];
export type Service = Schemas["StaffServiceView"];

export interface LocationFields {
  name: string;
  time_zone: string;
  telehealth: boolean;
  address: string | null;
  phone: string | null;
  video_url: string | null;
}

export interface ServiceFields {
  name: string;
  duration_minutes: number;
  fee: number;
  online: boolean;
  cpt_code: string | null;
  clinician_ids: string[];
}

type Values = Record<string, string>;

/** The checkbox for one clinician in "Offered by" is named this. */
export const OFFERED_BY = "clinician_ids:";

const text = (values: Values, name: string) => (values[name] ?? "").trim();
const orNull = (value: string) => value || null;

/** Cents from what a person types as dollars: "150", "150.5", "$1,250.00". */
export function feeCents(typed: string): number {
  const plain = typed.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!plain) return 0;
  const m = plain.match(/^(\d{1,7})(?:\.(\d{1,2}))?$/);
  if (!m) throw new FormProblem("Check the fee.", { fee: "Enter the fee in dollars, like 150.00." });
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Dollars as the fee field shows them: 15000 -> "150.00". */
export function feeText(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A location's fields: an office keeps its address (no video link), telehealth the
 * reverse, so switching kind never leaves the other kind's value behind. */
export function readLocation(values: Values, defaultZone: string): LocationFields {
  const telehealth = values.telehealth === "on";
  return {
    name: text(values, "name"),
    time_zone: text(values, "time_zone") || defaultZone,
    telehealth,
    phone: orNull(text(values, "phone")),
    address: telehealth ? null : orNull(text(values, "address")),
    video_url: telehealth ? orNull(text(values, "video_url")) : null,
  };
}

/** A service's fields, or a FormProblem naming each field a person must correct. */
export function readService(values: Values): ServiceFields {
  const problems: Record<string, string> = {};
  const minutes = Number(text(values, "duration_minutes"));
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 600) {
    problems.duration_minutes = "Enter a length between 5 and 600 minutes.";
  }
  let fee = 0;
  try {
    fee = feeCents(text(values, "fee"));
  } catch (error) {
    Object.assign(problems, (error as FormProblem).fields);
  }
  const cpt = text(values, "cpt_code").toUpperCase();
  if (cpt && !/^[0-9]{4}[0-9A-Z]$/.test(cpt)) {
    problems.cpt_code = "Enter a CPT code of 5 characters, like 90834, or leave it empty.";
  }
  if (Object.keys(problems).length) throw new FormProblem("Some of what you entered needs another look.", problems);
  const clinicians = Object.keys(values)
    .filter((name) => name.startsWith(OFFERED_BY) && values[name] === "on")
    .map((name) => name.slice(OFFERED_BY.length));
  return {
    name: text(values, "name"),
    duration_minutes: minutes,
    fee,
    online: values.online === "on",
    cpt_code: orNull(cpt),
    clinician_ids: clinicians,
  };
}

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? [...a].sort().join() === [...b].sort().join() : a === b;

/** The fields of `wanted` that differ from `current` (empty: nothing to save). */
export function changes<T extends object>(current: object, wanted: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(wanted) as (keyof T & string)[]) {
    const was = (current as Record<string, unknown>)[key] ?? null;
    if (!same(was, wanted[key])) out[key] = wanted[key];
  }
  return out;
}
