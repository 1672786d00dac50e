// Every time is shown with its zone named ("Mar 4, 2026, 2:05:00 PM EST"): a client in
// another zone must never guess whose clock a session time is on.

const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "long" };
    try {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" });
    }
    formats.set(timeZone, format);
  }
  return format;
}

export function formatDateTime(value: string | Date, timeZone: string): string {
  return dateTimeFormat(timeZone).format(typeof value === "string" ? new Date(value) : value);
}

export function DateTime({ value, timeZone }: { value: string; timeZone: string }) {
  return <time dateTime={value}>{formatDateTime(value, timeZone)}</time>;
}
