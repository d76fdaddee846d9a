// Date inputs (yyyy-mm-dd, datetime-local) to and from the API's ISO instants, in the browser's time zone.
// Pure, unit-tested in Node.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** Whether `value` is a real calendar date as a date input gives it. */
export function isDateInput(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.getFullYear() === Number(m[1]) && date.getMonth() === Number(m[2]) - 1 && date.getDate() === Number(m[3]);
}

/** Local midnight at the start of the day, as an ISO instant; null for an empty or impossible date. */
export function dateInputToIso(value: string): string | null {
  if (!isDateInput(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The local calendar date of an instant, as a date input shows it. */
export function isoToDateInput(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local date `months` after `from` (the end of a shorter month when the day does not exist there). */
export function dateInputMonthsAhead(from: Date, months: number): string {
  const target = new Date(from.getFullYear(), from.getMonth() + months, 1);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(from.getDate(), lastDay));
  return isoToDateInput(target.toISOString());
}

/** A datetime-local value ("2030-06-10T14:03") for an instant, to the minute. */
export function toDateTimeLocal(date: Date): string {
  return `${isoToDateInput(date.toISOString())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant; null when it is not one. */
export function dateTimeLocalToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
