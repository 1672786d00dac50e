// Step 7 of the guide: "Your appointment request is now confirmed. Note: This doesn't
// mean that the request has been accepted by your clinician yet. You can click to view a
// map of the office location, or add the session to your calendar."

import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { Button } from "../../../kit";
import { whenWords } from "../time";
import type { Requested } from "./api";

interface Props {
  appointment: Requested & { calendar_url?: string };
  moved?: boolean;
  children?: ComponentChildren;
  again: () => void;
}

export function Confirmation({ appointment: a, moved = false, children, again }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  const requested = a.status === "requested";
  let title = "Your appointment request is now confirmed";
  if (moved) title = requested ? "Your new time is requested" : "Your appointment is moved";
  else if (!requested) title = "Your appointment is booked";
  return (
    <section class="notice ok confirmation" aria-labelledby="confirmed-heading">
      <h2 id="confirmed-heading" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {requested ? (
        <p>
          <strong>Note:</strong> This doesn't mean that the request has been accepted by your clinician yet. You'll
          receive an email confirming the session once they accept it.
        </p>
      ) : null}
      <p class="when">{whenWords(a.starts_at, a.time_zone)}</p>
      <p>
        {a.service.name} with {a.clinician.name}
        <br />
        {a.location.telehealth ? "Telehealth (video)" : `${a.location.name}, ${a.location.address ?? ""}`}
      </p>
      {children}
      <p class="actions">
        {a.location.map_url ? (
          <a class="button secondary" href={a.location.map_url} target="_blank" rel="noopener noreferrer">
            View map<span class="visually-hidden"> of {a.location.name} (opens in a new tab)</span>
          </a>
        ) : null}
        {a.calendar_url ? (
          <a class="button secondary" href={a.calendar_url} download="appointment.ics">
            Add to calendar
          </a>
        ) : null}
        <Button variant="link" onClick={again}>
          Request another session
        </Button>
      </p>
    </section>
  );
}
