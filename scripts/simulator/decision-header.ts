import { z } from 'zod';

/** Header in which callguard explains its decision as space-separated key=value tokens. */
export const DECISION_HEADER = 'x-callguard-decision';

export interface DecisionToken {
  key: string | null;
  value: string;
}

/** Splits the header into tokens; a token without `=` keeps its text as value with a null key. */
export function parseDecisionHeader(header: string): DecisionToken[] {
  return header
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((token) => {
      const at = token.indexOf('=');
      return at > 0 ? { key: token.slice(0, at), value: token.slice(at + 1) } : { key: null, value: token };
    });
}

const count = z.string().regex(/^\d+$/).transform(Number);
const yesNo = z.enum(['yes', 'no']);

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Readable phrases for the tokens callguard is known to send; null when the value is not the expected shape. */
const describers: Record<string, (value: string) => string | null> = {
  breaches: (v) => ifParsed(count, v, (n) => plural(n, 'breach', 'breaches')),
  routes: (v) => ifParsed(count, v, (n) => plural(n, 'route', 'routes')),
  'time-limit': (v) => ifParsed(count, v, (n) => `time limit ${n} s`),
  emergency: (v) => ifParsed(yesNo, v, (b) => (b === 'yes' ? 'emergency key offered' : 'no emergency key')),
  record: (v) => ifParsed(yesNo, v, (b) => (b === 'yes' ? 'recorded' : 'not recorded')),
  spoc: (v) => ifParsed(yesNo, v, (b) => (b === 'yes' ? 'single point of contact' : 'any staff')),
  language: (v) => (/^[a-z]{2,3}(-[A-Z]{2})?$/.test(v) ? `language ${v}` : null),
  withheld: (v) => ifParsed(yesNo, v, (b) => (b === 'yes' ? 'caller withheld' : 'caller identified')),
};

function ifParsed<T>(schema: z.ZodType<T>, value: string, describe: (parsed: T) => string): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? describe(parsed.data) : null;
}

/**
 * `kind=refuse reason=bar breaches=1 emergency=yes` → `refuse (bar) · 1 breach · emergency key offered`.
 * Tokens it does not know, or whose value is unexpected, are shown as they came.
 */
export function describeDecision(header: string | null): string {
  if (header === null || header.trim() === '') return '(no X-Callguard-Decision header)';
  const tokens = parseDecisionHeader(header);
  const kind = tokens.find((t) => t.key === 'kind');
  const reason = tokens.find((t) => t.key === 'reason');
  const parts: string[] = [];
  if (kind) parts.push(reason ? `${kind.value} (${reason.value})` : kind.value);
  for (const token of tokens) {
    if (token === kind || (token === reason && kind)) continue;
    if (token.key === null) {
      parts.push(token.value);
      continue;
    }
    const describe = describers[token.key];
    parts.push(describe?.(token.value) ?? `${token.key}=${token.value}`);
  }
  return parts.join(' · ');
}
