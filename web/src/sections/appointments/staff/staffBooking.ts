// Staff booking for a client, sent safely: each booking a person confirms carries one
// Idempotency-Key, and pressing "Book appointment" again after a lost answer (the
// network failed, the server stumbled) sends the same request with the same key, so
// the scheduling service books it once and answers with the first booking.

import { api, data, type Schemas } from "../../../api/client";
import { ApiError } from "../../../api/problems";
import { newKey } from "../parts/api";

export type Booking = Required<Pick<Schemas["AppointmentRequest"], "client_id">> &
  Omit<Schemas["AppointmentRequest"], "client_id">;

export interface Attempt {
  booking: Booking;
  key: string;
}

const FIELDS = ["client_id", "clinician_id", "location_id", "service_id", "starts_at"] as const;

/** The same booking (client, clinician, place, service and time)? */
export function sameBooking(a: Booking, b: Booking): boolean {
  return FIELDS.every((name) => a[name] === b[name]);
}

/** The attempt to send for `wanted`: the last one again while it is the same booking
 * (so a retry reuses its key), otherwise a new one with a fresh key. */
export function attemptFor(last: Attempt | null, wanted: Booking, makeKey: () => string = newKey): Attempt {
  if (last && sameBooking(last.booking, wanted)) return last;
  const booking = Object.fromEntries(FIELDS.map((name) => [name, wanted[name]])) as unknown as Booking;
  return { booking, key: makeKey() };
}

/** After this failure the booking may have been made with no answer reaching us: keep
 * the attempt (its key) for the retry. A refusal (409 taken, 404, 422) made nothing. */
export function mayHaveBooked(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status >= 500;
}

/** Book: staff bookings are confirmed at once (the client gets the confirmation email). */
export function send(attempt: Attempt): Promise<Schemas["AppointmentView"]> {
  return data(
    api.POST("/api/v1/scheduling/appointments", {
      body: attempt.booking,
      params: { header: { "Idempotency-Key": attempt.key } },
    }),
  );
}
