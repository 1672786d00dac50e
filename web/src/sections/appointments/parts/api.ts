// The scheduling API's types, named for what the screens hold.

import type { Schemas } from "../../../api/client";

export type Options = Schemas["BookingOptionsView"];
export type Week = Schemas["WeekView"];
export type Slot = Schemas["SlotView"];
export type Appointment = Schemas["AppointmentView"];
export type StaffAppointment = Schemas["StaffAppointmentView"];
export type Requested = Schemas["RequestedView"];

export interface Choice {
  clinician_id: string;
  location_id: string;
  service_id: string;
}

export const STATUS_WORDS: Record<string, string> = {
  requested: "Requested",
  confirmed: "Confirmed",
  declined: "Declined",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "No-show",
};

/** A fresh Idempotency-Key: the same request sent again (a lost answer) books once. */
export function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** "New York time": the place a zone is named after. */
export function zonePlace(timeZone: string): string {
  const place = timeZone.split("/").pop() ?? timeZone;
  return `${place.replace(/_/g, " ")} time`;
}
