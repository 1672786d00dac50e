// Times as the guide shows them, always with their zone named ("9:00 AM EST"): a client
// in another zone never has to guess whose clock a session is on. Times are shown in the
// zone of the location they happen at, never in the browser's.

const cache = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      found = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    cache.set(key, found);
  }
  return found;
}

/** "9:00 AM" at the location. */
export function clock(iso: string, timeZone: string): string {
  return format(timeZone, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/** "EST", "EDT", "GMT+1": the zone's short name at that moment. */
export function zoneAbbreviation(iso: string, timeZone: string): string {
  const parts = format(timeZone, { timeZoneName: "short" }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** "Eastern Standard Time" (the long name, for a heading's explanation). */
export function zoneLongName(iso: string, timeZone: string): string {
  const parts = format(timeZone, { timeZoneName: "long" }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** "9:00 AM EST". */
export function clockWithZone(iso: string, timeZone: string): string {
  return `${clock(iso, timeZone)} ${zoneAbbreviation(iso, timeZone)}`;
}

/** A calendar date (YYYY-MM-DD) in words: the date itself, whatever the zone. */
export function dateWords(day: string, style: "long" | "short" | "weekday" = "long"): string {
  const options: Record<string, Intl.DateTimeFormatOptions> = {
    long: { weekday: "long", month: "long", day: "numeric" },
    short: { month: "short", day: "numeric" },
    weekday: { weekday: "short" },
  };
  return format("UTC", options[style] ?? {}).format(new Date(`${day}T12:00:00Z`));
}

/** "Tuesday, March 3, 2026 at 9:00 AM EST". */
export function whenWords(iso: string, timeZone: string): string {
  const day = format(timeZone, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
  return `${day.format(new Date(iso))} at ${clockWithZone(iso, timeZone)}`;
}

/** "Mar 1 – Mar 7, 2026": a week's heading. */
export function weekWords(first: string, last: string): string {
  const year = first.slice(0, 4);
  return `${dateWords(first, "short")} – ${dateWords(last, "short")}, ${year}`;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The offset of `timeZone` from UTC at `instant`, in minutes. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = format(timeZone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - instant) / 60000);
}

/** A wall-clock time at a place ("2026-03-10T09:00" in America/New_York) as an ISO
 * instant with its offset, for the API (which wants to know whose nine o'clock). */
export function zonedIso(local: string, timeZone: string): string {
  const [day, time = "00:00"] = local.split("T");
  const [y, m, d] = (day ?? "").split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let instant = wall - offsetMinutes(wall, timeZone) * 60000;
  instant = wall - offsetMinutes(instant, timeZone) * 60000; // again, across a DST change
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.length === 10 ? `${local}T00:00` : local}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Today's date where `timeZone` is. */
export function today(timeZone: string): string {
  const parts = format(timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
