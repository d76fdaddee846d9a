import type { ReportRow, SummaryReport } from './report.assembler.js';

type Column = [name: string, value: (row: ReportRow) => string | number];

/**
 * The report as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break):
 * a header row, one row per period, then the total. Column names are stable; breakdowns are flattened
 * (breaches_call_windows, terminated_threat_of_violence).
 */
export function reportToCsv(report: SummaryReport): string {
  const columns = reportColumns(report.total);
  const lines = [columns.map(([name]) => name), ...[...report.periods, report.total].map((row) => columns.map(([, value]) => value(row)))];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function reportColumns(total: ReportRow): Column[] {
  return [
    ['period', (r) => r.label],
    ['from', (r) => r.from],
    ['to', (r) => r.to],
    ['strategies_introduced', (r) => r.strategiesIntroduced],
    ['in_force_at_end', (r) => r.inForceAtEnd],
    ['lifted', (r) => r.lifted],
    ['expired', (r) => r.expired],
    ['lapsed', (r) => r.lapsed],
    ['breaches', (r) => r.breaches.total],
    // The total row holds every key any period has, so it names the columns.
    ...Object.keys(total.breaches.byRestrictionType).map((type): Column => [
      `breaches_${snakeCase(type)}`,
      (r) => r.breaches.byRestrictionType[type] ?? 0,
    ]),
    ['terminated_calls', (r) => r.terminatedCalls.total],
    ...Object.keys(total.terminatedCalls.byReason).map((reason): Column => [
      `terminated_${snakeCase(reason)}`,
      (r) => (r.terminatedCalls.byReason as Record<string, number>)[reason] ?? 0,
    ]),
    ['emergency_bypasses', (r) => r.emergencyBypasses],
    ['reviews_on_time', (r) => r.reviewsOnTime],
    ['reviews_late', (r) => r.reviewsLate],
  ];
}

/** One RFC 4180 field; also defuses text a spreadsheet would run as a formula. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}
