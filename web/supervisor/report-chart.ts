import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../shared/dom.js';
import type { ReportRow } from './api-types.js';

// The report as a bar chart, drawn by Chart.js. Only the pieces a bar chart needs are registered, so the bundle
// leaves the rest of the library out. The same numbers are in the table beside it, for screen readers and print.

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const SERIES: Array<{ label: string; colour: string; value: (row: ReportRow) => number }> = [
  { label: 'Strategies introduced', colour: '#1d70b8', value: (r) => r.strategiesIntroduced },
  { label: 'Lifted, expired or lapsed', colour: '#00703c', value: (r) => r.lifted + r.expired + r.lapsed },
  { label: 'Breaches', colour: '#d4351c', value: (r) => r.breaches.total },
  { label: 'Terminated calls', colour: '#505a5f', value: (r) => r.terminatedCalls.total },
];

export interface ReportChart {
  element: HTMLElement;
  /** Draws the chart: once `element` is in the document, so Chart.js can size it. */
  draw(): void;
  destroy(): void;
}

/** A chart in a new canvas; call `draw` once it is in the document and `destroy` when the page is left. */
export function reportChart(periods: readonly ReportRow[], groupBy: 'month' | 'quarter'): ReportChart {
  const canvas = h(
    'canvas',
    {
      attrs: {
        role: 'img',
        'data-testid': 'report-chart',
        'aria-label': `Bar chart by ${groupBy}: ${SERIES.map((s) => s.label.toLowerCase()).join(', ')}. The table below gives the same numbers.`,
      },
    },
    'The table below gives the same numbers.',
  );
  const element = h('div', { className: 'chart-box' }, canvas);
  let chart: Chart | null = null;
  const draw = () => {
    chart ??= new Chart(canvas, {
      type: 'bar',
      data: {
        labels: periods.map((p) => p.label),
        datasets: SERIES.map((s) => ({ label: s.label, data: periods.map(s.value), backgroundColor: s.colour, borderColor: s.colour, borderWidth: 1 })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0, color: '#0b0c0c' } }, x: { ticks: { color: '#0b0c0c' } } },
        plugins: { legend: { position: 'bottom', labels: { color: '#0b0c0c', font: { size: 14 } } } },
      },
      plugins: [{ id: 'rendered-mark', afterRender: (c) => void (c.canvas.dataset.rendered = 'true') }],
    });
  };
  return {
    element,
    draw,
    destroy: () => {
      chart?.destroy();
      chart = null;
    },
  };
}
