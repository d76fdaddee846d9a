import { h, hidden } from '../shared/dom.js';
import { field, textArea, type Field } from '../shared/form-fields.js';

// The earlier warnings a strategy cites (R6: the letter lists them with their dates): rows of a date and a
// summary, added and removed by the user.

export interface PriorWarningsEditor {
  element: HTMLElement;
  values(): Array<{ date: string; summary: string }>;
  set(list: ReadonlyArray<{ date: string; summary: string }>): void;
  /** `priorWarnings.N.date` and `priorWarnings.N.summary`, as the API names them. */
  fields(prefix?: string): Record<string, Field>;
}

interface Row {
  element: HTMLElement;
  date: Field<HTMLInputElement>;
  summary: Field<HTMLTextAreaElement>;
  remove: HTMLButtonElement;
}

export function createPriorWarningsEditor(): PriorWarningsEditor {
  const rows: Row[] = [];
  const list = h('ol', { className: 'warning-rows' });
  const none = h('p', { className: 'empty' }, 'No earlier warnings listed.');
  const add = h('button', { className: 'button button-secondary button-small', attrs: { type: 'button' } }, 'Add an earlier warning');
  const element = h(
    'fieldset',
    { className: 'field group prior-warnings' },
    h('legend', {}, 'Earlier warnings'),
    h('p', { className: 'field-hint' }, 'Each warning the customer was given before, with its date. The letter lists them.'),
    none,
    list,
    h('div', { className: 'add-row' }, add),
  );

  const renumber = () => {
    rows.forEach((row, i) => {
      row.date.label.textContent = `Date of warning ${i + 1}`;
      row.summary.label.textContent = `What warning ${i + 1} was about`;
      row.remove.replaceChildren('Remove', hidden(` warning ${i + 1}`));
    });
    none.hidden = rows.length > 0;
  };
  const addRow = (values: { date: string; summary: string }) => {
    const date = field('Date', h('input', { attrs: { type: 'date', name: 'warningDate' } }), { className: 'inline-field' });
    const summary = field('Summary', textArea('warningSummary', { rows: 2, maxlength: 2000 }), { className: 'grow-field' });
    date.control.value = values.date;
    summary.control.value = values.summary;
    const remove = h('button', { className: 'link-button', attrs: { type: 'button' } });
    const row: Row = { element: h('li', { className: 'warning-row' }, date.element, summary.element, remove), date, summary, remove };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      row.element.remove();
      renumber();
      (rows.at(-1)?.summary.control ?? add).focus();
    });
    rows.push(row);
    list.append(row.element);
    renumber();
    return row;
  };
  add.addEventListener('click', () => addRow({ date: '', summary: '' }).date.control.focus());
  renumber();

  return {
    element,
    values: () => rows.map((row) => ({ date: row.date.control.value, summary: row.summary.control.value })),
    set(list) {
      rows.splice(0).forEach((row) => row.element.remove());
      list.forEach(addRow);
      renumber();
    },
    fields(prefix = 'priorWarnings') {
      const all: Record<string, Field> = {};
      rows.forEach((row, i) => {
        all[`${prefix}.${i}.date`] = row.date;
        all[`${prefix}.${i}.summary`] = row.summary;
      });
      return all;
    },
  };
}
