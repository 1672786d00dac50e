// The guide's booking steps 3 to 6: choose the clinician (when there are several), the
// location and the service from dropdowns; a week of day boxes, each split into morning
// (before 12 noon) and afternoon & evening (12 pm on); arrows top left and right move a
// week; a box shows that part of the day's times, with a back button (top left) to the
// week; a time is chosen by clicking it. Every time is shown with its zone named.

import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { messageFor } from "../../../api/problems";
import { Button, Empty, Loading, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { addDays, clockWithZone, dateWords, weekWords } from "../time";
import { type Choice, type Options, type Slot, type Week, zonePlace } from "./api";
import { firstChoice, valid } from "./choice";
import { NoOpenTimes, WEEK_STATUS } from "./NoOpenTimes";
import { hasOpenTimes } from "./nextOpen";

export interface PickerSource {
  options: (signal: AbortSignal) => Promise<Options>;
  week: (choice: Choice, week: string | undefined, signal: AbortSignal) => Promise<Week>;
}

interface Props {
  source: PickerSource;
  /** Moving an appointment: its clinician, location and service stay. */
  fixed?: Choice;
  onPick: (slot: Slot, week: Week) => void;
  phone?: string | null;
  /** Staff booking for a client: that client's clinician first, and staff's words. */
  staff?: { prefer: string | null };
}

type Part = "morning" | "afternoon";
const PART_WORDS: Record<Part, string> = { morning: "Morning", afternoon: "Afternoon & evening" };

export function WeekPicker({ source, fixed, onPick, phone, staff }: Props) {
  const [options] = useResource((signal) => source.options(signal), []);
  if (options.state === "loading") return <Loading label="Loading…" />;
  if (options.state === "failed") return <p role="alert">{messageFor(options.error)}</p>;
  const start = fixed ?? firstChoice(options.value, staff ? staff.prefer : undefined);
  if (!start && staff) return <Empty>No one can be booked yet: each clinician needs hours and a service.</Empty>;
  if (!start) {
    return (
      <Empty>
        Online booking isn't open yet.{" "}
        {phone ? (
          <>
            Please call the office at <a href={`tel:${phone}`}>{phone}</a>.
          </>
        ) : null}
      </Empty>
    );
  }
  const hint = staff ? "Click a time to book it." : "Click the time you'd like to request.";
  return (
    <Picker options={options.value} start={start} fixed={Boolean(fixed)} source={source} onPick={onPick} hint={hint} />
  );
}

interface PickerProps {
  options: Options;
  start: Choice;
  fixed: boolean;
  source: PickerSource;
  onPick: (slot: Slot, week: Week) => void;
  hint: string;
}

function Picker({ options, start, fixed, source, onPick, hint }: PickerProps) {
  const [choice, setChoice] = useState<Choice>(start);
  const [weekOf, setWeekOf] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<{ day: string; part: Part } | null>(null);
  // The box a person came back from gets focus again, so a keyboard stays where it was.
  const [returnTo, setReturnTo] = useState<{ day: string; part: Part } | null>(null);
  // "Next open time" found this week: focus goes to its heading (the button is gone).
  const [jumped, setJumped] = useState(false);
  const status = usePageStatus();
  const [week] = useResource(
    (signal) => source.week(choice, weekOf, signal),
    [choice.clinician_id, choice.location_id, choice.service_id, weekOf],
  );
  const choose = (change: Partial<Choice>) => {
    setOpen(null);
    setReturnTo(null);
    setChoice((was) => valid(options, { ...was, ...change }));
  };
  return (
    <div class="picker">
      {fixed ? null : <Choices options={options} choice={choice} choose={choose} />}
      <PageStatus id="week-status" slot={WEEK_STATUS} />
      {week.state === "loading" ? <Loading label="Finding open times…" /> : null}
      {week.state === "failed" ? <p role="alert">{messageFor(week.error)}</p> : null}
      {week.state === "ready" && open ? (
        <DayTimes
          week={week.value}
          day={open.day}
          part={open.part}
          back={() => {
            setReturnTo(open);
            setOpen(null);
          }}
          onPick={onPick}
          hint={hint}
        />
      ) : null}
      {week.state === "ready" && !open ? (
        <WeekBoxes
          week={week.value}
          go={(next, found = false) => {
            if (!found && status.current?.slot === WEEK_STATUS) status.clear();
            setReturnTo(null);
            setJumped(found);
            setWeekOf(next);
          }}
          show={(day, part) => setOpen({ day, part })}
          focus={returnTo}
          focusHeading={jumped}
          ask={(w, signal) => source.week(choice, w, signal)}
        />
      ) : null}
    </div>
  );
}

function Choices({
  options,
  choice,
  choose,
}: {
  options: Options;
  choice: Choice;
  choose: (c: Partial<Choice>) => void;
}) {
  const clinician = options.clinicians.find((c) => c.id === choice.clinician_id);
  const select = (id: string, label: string, value: string, items: [string, string][], key: keyof Choice) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => choose({ [key]: (e.currentTarget as HTMLSelectElement).value })}>
        {items.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const locations = options.locations.filter((l) => clinician?.location_ids.includes(l.id));
  const services = options.services.filter((s) => clinician?.service_ids.includes(s.id));
  return (
    <div class="choices">
      {options.clinicians.length > 1
        ? select(
            "pick-clinician",
            "Clinician",
            choice.clinician_id,
            options.clinicians.map((c) => [c.id, c.name]),
            "clinician_id",
          )
        : null}
      {select(
        "pick-location",
        "Location",
        choice.location_id,
        locations.map((l) => [l.id, l.name]),
        "location_id",
      )}
      {select(
        "pick-service",
        "Service",
        choice.service_id,
        services.map((s) => [s.id, `${s.name} (${s.duration_minutes} minutes)`]),
        "service_id",
      )}
    </div>
  );
}

function zoneLine(week: Week): string {
  const seen = new Set(week.days.flatMap((d) => [...d.morning, ...d.afternoon].map((s) => s.zone_abbreviation)));
  const names = [...seen].filter(Boolean);
  return `Times are ${zonePlace(week.time_zone)}${names.length ? ` (${names.join(" / ")})` : ""}, where ${week.location.name} is.`;
}

interface BoxesProps {
  week: Week;
  go: (week: string, found?: boolean) => void;
  show: (day: string, part: Part) => void;
  focus: { day: string; part: Part } | null;
  focusHeading: boolean;
  /** Another week of the same choice, for "Next open time". */
  ask: (week: string, signal: AbortSignal) => Promise<Week>;
}

function WeekBoxes({ week, go, show, focus, focusHeading, ask }: BoxesProps) {
  const last = addDays(week.week_start, 6);
  const list = useRef<HTMLUListElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading, week.week_start]);
  useLayoutEffect(() => {
    if (focus)
      list.current?.querySelector<HTMLElement>(`[data-day="${focus.day}"][data-part="${focus.part}"]`)?.focus();
  }, [focus]);
  const none = !hasOpenTimes(week);
  return (
    <section class="week" aria-labelledby="week-heading">
      <div class="week-bar">
        <button
          type="button"
          class="arrow secondary"
          aria-label="Previous week"
          disabled={!week.previous_week}
          onClick={() => week.previous_week && go(week.previous_week)}
        >
          ‹
        </button>
        <h2 id="week-heading" tabIndex={-1} ref={heading}>
          {weekWords(week.week_start, last)}
        </h2>
        <button
          type="button"
          class="arrow secondary"
          aria-label="Next week"
          disabled={!week.next_week}
          onClick={() => week.next_week && go(week.next_week)}
        >
          ›
        </button>
      </div>
      <p class="hint zone-line">{zoneLine(week)}</p>
      {none ? <NoOpenTimes week={week} ask={ask} go={go} /> : null}
      <ul class="days" ref={list}>
        {week.days.map((d) => (
          <li key={d.date} class="day">
            <h3>
              <span>{dateWords(d.date, "weekday")}</span> {dateWords(d.date, "short")}
            </h3>
            {(["morning", "afternoon"] as const).map((part) => {
              const count = d[part].length;
              return (
                <button
                  key={part}
                  type="button"
                  class={`part ${part}`}
                  disabled={!count}
                  data-day={d.date}
                  data-part={part}
                  onClick={() => show(d.date, part)}
                >
                  <span class="visually-hidden">{dateWords(d.date)}, </span>
                  {PART_WORDS[part]}
                  <span class="count">{count ? `${count} ${count === 1 ? "time" : "times"}` : "None"}</span>
                </button>
              );
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface DayProps {
  week: Week;
  day: string;
  part: Part;
  back: () => void;
  onPick: (slot: Slot, week: Week) => void;
  hint: string;
}

function DayTimes({ week, day, part, back, onPick, hint }: DayProps) {
  const found = week.days.find((d) => d.date === day);
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), [day, part]);
  const slots = found ? found[part] : [];
  return (
    <section class="day-times" aria-labelledby="day-heading">
      <div class="week-bar">
        <Button variant="secondary" onClick={back}>
          ‹ Back<span class="visually-hidden"> to the week</span>
        </Button>
      </div>
      <h2 id="day-heading" tabIndex={-1} ref={heading}>
        {dateWords(day)}: {PART_WORDS[part].toLowerCase()}
      </h2>
      <p class="hint">
        {week.service.name} with {week.clinician.name} at {week.location.name}. {hint}
      </p>
      <ul class="times">
        {slots.map((slot) => (
          <li key={slot.starts_at}>
            <Button variant="secondary" onClick={() => onPick(slot, week)}>
              {clockWithZone(slot.starts_at, week.time_zone)}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
