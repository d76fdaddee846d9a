import { h } from '../shared/dom.js';
import { field, select, showProblems } from '../shared/form-fields.js';
import { longDate, restrictionLabel } from '../shared/wording.js';
import { query } from './api.js';
import { apiFieldProblems } from './api-problems.js';
import type { ReportRow, SummaryReport } from './api-types.js';
import { loaded, PageError, type PageContext } from './page-context.js';
import { reportChart } from './report-chart.js';
import { reasonLabel } from './supervisor-wording.js';
import { pageHeading, section, table } from './ui.js';

// Reports (R11): GET /api/reports/summary by month or quarter, as a table and a chart, and as CSV to download.

type Range = { from: string; to: string; groupBy: 'month' | 'quarter' };

const COLUMNS: Array<[string, (r: ReportRow) => number]> = [
  ['Strategies introduced', (r) => r.strategiesIntroduced],
  ['In force at the end', (r) => r.inForceAtEnd],
  ['Lifted', (r) => r.lifted],
  ['Expired', (r) => r.expired],
  ['Lapsed', (r) => r.lapsed],
  ['Breaches', (r) => r.breaches.total],
  ['Terminated calls', (r) => r.terminatedCalls.total],
  ['Emergency bypasses', (r) => r.emergencyBypasses],
  ['Reviews on time', (r) => r.reviewsOnTime],
  ['Reviews late', (r) => r.reviewsLate],
];

export async function reportsPage(ctx: PageContext, range: Range): Promise<HTMLElement> {
  const params = { from: range.from, to: range.to, groupBy: range.groupBy };
  const result = await ctx.api.get<SummaryReport>(`/api/reports/summary${query(params)}`);
  const from = field('From', h('input', { attrs: { type: 'date', name: 'from' } }), { className: 'inline-field' });
  const to = field('To', h('input', { attrs: { type: 'date', name: 'to' } }), { className: 'inline-field' });
  const groupBy = field('Group by', select('groupBy', [{ value: 'month', label: 'Month' }, { value: 'quarter', label: 'Quarter' }]), { className: 'inline-field' });
  from.control.value = range.from;
  to.control.value = range.to;
  groupBy.control.value = range.groupBy;
  const form = h(
    'form',
    { className: 'report-form', attrs: { novalidate: true, 'aria-label': 'Report period' } },
    h('p', { className: 'field-hint' }, 'Leave the dates empty for the last 12 months.'),
    h('div', { className: 'field-row' }, from.element, to.element, groupBy.element, h('div', { className: 'form-buttons' }, h('button', { className: 'button', attrs: { type: 'submit' } }, 'Show report'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate({ page: 'reports', from: from.control.value, to: to.control.value, groupBy: groupBy.control.value === 'quarter' ? 'quarter' : 'month' });
  });
  const page = h('div', { className: 'page reports-page' }, pageHeading('Reports'), form);

  if (!result.ok && result.status === 400) {
    const fields = { from, to, groupBy };
    showProblems(fields, apiFieldProblems(fields, result.fields), () => undefined);
    page.append(h('p', { className: 'form-alert shown', attrs: { role: 'alert' } }, 'Change the dates to see a report.'));
    return page;
  }
  const report = loaded(result, 'Report');
  if (report.periods.length === 0) throw new PageError('No report', 'The range has no whole period in it.');
  const chart = reportChart(report.periods, report.groupBy);
  ctx.afterShow(() => chart.draw());
  ctx.onLeave(() => chart.destroy());
  const csv = `/api/reports/summary${query({ ...params, format: 'csv' })}`;
  const periodWord = report.groupBy === 'quarter' ? 'quarter' : 'month';
  ctx.announce(`Report from ${longDate(report.from)} to ${longDate(report.to)}: ${report.total.strategiesIntroduced} strategies introduced, ${report.total.breaches.total} breaches.`);

  page.append(
    h(
      'div',
      { className: 'report' },
      h('p', { className: 'lede', attrs: { 'data-testid': 'report-range' } }, `${longDate(report.from)} to ${longDate(report.to)}, by ${periodWord} (${report.timeZone}).`),
      h('p', {}, h('a', { className: 'button button-secondary', attrs: { href: csv, download: '', 'data-testid': 'report-csv' } }, 'Download CSV')),
      section('Chart', {}, chart.element),
      section('By ' + periodWord, {}, periodsTable(report)),
      h(
        'div',
        { className: 'columns' },
        section(
          'Terminated calls by reason',
          {},
          table<[string, number]>('Terminated calls by reason, whole range', [['Reason', ([k]) => reasonLabel(k)], ['Calls', ([, n]) => String(n)]], Object.entries(report.total.terminatedCalls.byReason), { hideCaption: true, className: 'numbers' }),
        ),
        section(
          'Breaches by restriction',
          {},
          table<[string, number]>('Breaches by restriction, whole range', [['Restriction', ([k]) => restrictionLabel(k)], ['Breaches', ([, n]) => String(n)]], Object.entries(report.total.breaches.byRestrictionType), { hideCaption: true, className: 'numbers' }),
        ),
      ),
    ),
  );
  return page;
}

function periodsTable(report: SummaryReport): HTMLElement {
  const row = (r: ReportRow, total: boolean) =>
    h('tr', { className: total ? 'total' : '' }, h('th', { attrs: { scope: 'row' } }, total ? 'Total' : r.label), ...COLUMNS.map(([, value]) => h('td', {}, String(value(r)))));
  return h(
    'div',
    { className: 'table-wrap numbers', attrs: { 'data-testid': 'report-table' } },
    h(
      'table',
      {},
      h('caption', { className: 'visually-hidden' }, `Report by ${report.groupBy}`),
      h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Period'), ...COLUMNS.map(([name]) => h('th', { attrs: { scope: 'col' } }, name)))),
      h('tbody', {}, ...report.periods.map((r) => row(r, false))),
      h('tfoot', {}, row(report.total, true)),
    ),
  );
}
