// Money and dates as a person reads them. Money is integer minor units beside a
// currency; dates of service and statement periods are calendar days (no time, no zone).

const formats = new Map<string, Intl.NumberFormat>();

export function money(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = formats.get(code);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    formats.set(code, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** "Nov 20, 2026" for "2026-11-20" (a calendar day: read in UTC so it never shifts). */
export function day(value: string): string {
  return dayFormat.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

/** Today in `timeZone` as YYYY-MM-DD. */
export function today(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
}

export function daysBefore(value: string, days: number): string {
  const at = new Date(`${value}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - days);
  return at.toISOString().slice(0, 10);
}

export const STATUS: Record<string, string> = { due: "Due", paid: "Paid", void: "Void" };
