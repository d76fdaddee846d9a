// The benchmark's figures, each with its target, and the table they print as.

export type Verdict = 'PASS' | 'SHORT' | 'info' | 'ERROR';

export interface Figure {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  /** e.g. ">= 0.6" or "< 20 ms"; null for a figure shown for context only. */
  target: string | null;
  verdict: Verdict;
  note?: string;
}

export type Target = { atLeast: number } | { below: number } | { equals: number };

export function figure(section: string, name: string, value: number | null, unit: string, target?: Target, note?: string): Figure {
  let verdict: Verdict = 'info';
  let text: string | null = null;
  if (target) {
    if ('atLeast' in target) {
      text = `>= ${target.atLeast}${unit ? ` ${unit}` : ''}`;
      verdict = value !== null && value >= target.atLeast ? 'PASS' : 'SHORT';
    } else if ('below' in target) {
      text = `< ${target.below}${unit ? ` ${unit}` : ''}`;
      verdict = value !== null && value < target.below ? 'PASS' : 'SHORT';
    } else {
      text = `= ${target.equals}${unit ? ` ${unit}` : ''}`;
      verdict = value === target.equals ? 'PASS' : 'SHORT';
    }
  }
  return { section, name, value, unit, target: text, verdict, ...(note ? { note } : {}) };
}

export function errorFigure(section: string, err: unknown): Figure {
  const message = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
  return { section, name: 'the section failed', value: null, unit: '', target: null, verdict: 'ERROR', note: message };
}

function show(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const number = value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${number} ${unit}` : number;
}

/** A plain-text table: figure, measured, target, verdict, with a heading per section. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => ({ section: f.section, cells: [f.name, show(f.value, f.unit), f.target ?? '', f.verdict === 'info' ? '' : f.verdict], note: f.note }));
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Figure', 'Measured', 'Target', 'Result'][i] ?? '', ...rows.map((r) => r.cells[i] ?? '')].map((c) => c.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out: string[] = [line(['Figure', 'Measured', 'Target', 'Result']), widths.map((w) => '-'.repeat(w)).join('  ')];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push('', section);
    }
    out.push(line(row.cells));
    if (row.note) out.push(`    ${row.note}`);
  }
  return out.join('\n');
}
