// Words both pages use. Pure functions (no DOM), unit-tested in Node.

const RESTRICTION_LABELS: Record<string, string> = {
  bar: 'Call bar',
  spoc: 'Single point of contact',
  warning: 'Warning',
  record: 'Recorded',
  frequency: 'Call limit',
  maxDuration: 'Time limit',
  callWindows: 'Call times',
};

export const restrictionLabel = (type: string) => RESTRICTION_LABELS[type] ?? type;

export const ROLE_LABELS: Record<string, string> = { agent: 'Agent', supervisor: 'Supervisor', director: 'Director', admin: 'Administrator' };

export const capitalise = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "14:03" in the browser's time zone (the reader's own). */
export const clockTime = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "3 June 2030". */
export const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** "3 June 2030, 14:03". */
export const dateAndTime = (iso: string) => `${longDate(iso)}, ${clockTime(iso)}`;
