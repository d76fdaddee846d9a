import { WEEKDAYS, type RestrictionType } from '../../src/core/restriction.js';
import { h, hidden, uniqueId } from '../shared/dom.js';
import { checkboxField, field, groupField, select, textArea, textInput, type Field } from '../shared/form-fields.js';
import { restrictionLabel } from '../shared/wording.js';
import type { DirectoryEntry } from './api-types.js';
import { RESTRICTION_TYPES, type RestrictionValues, type WindowValues } from './strategy-request.js';
import { DAY_LABELS } from './supervisor-wording.js';

// Every restriction type (R4), each a tickbox that opens its settings. Each type can be used once, so the
// list is a fixed set of tickboxes; the ticked ones, in this order, are the request's `restrictions`, and the
// API's problems (`restrictions.1.staffId`) are shown by the input they name.

export interface RestrictionsEditor {
  element: HTMLElement;
  /** The ticked restrictions, in the editor's order. */
  values(): RestrictionValues[];
  /** Ticks and fills in these restrictions, unticking the others. */
  set(list: readonly RestrictionValues[]): void;
  /** The fields by the API's paths for the restrictions ticked now (`restrictions`, `restrictions.N.type`, ...). */
  fields(prefix?: string): Record<string, Field>;
}

interface Block {
  type: RestrictionType;
  tick: Field<HTMLInputElement>;
  element: HTMLElement;
  values(): RestrictionValues;
  set(values: RestrictionValues): void;
  fields(base: string): Record<string, Field>;
}

const HINTS: Record<RestrictionType, string> = {
  bar: 'Calls from the customer’s numbers are not put through. They hear how they can still contact us and how to raise a new matter.',
  spoc: 'Calls go only to one named member of staff (and their deputy).',
  warning: 'A message is played before the call is connected.',
  record: 'The caller is told, and the call is recorded.',
  frequency: 'Calls beyond the limit in the period are refused, and recorded as a breach.',
  maxDuration: 'Calls are ended after this long.',
  callWindows: 'Calls are accepted only at these times; others are refused and recorded as a breach.',
};

const numberInput = (name: string, min: number, max: number) => h('input', { attrs: { type: 'number', name, min, max, step: 1, inputmode: 'numeric' } });
const staffOptions = (directory: readonly DirectoryEntry[], none: string) => [
  { value: '', label: none },
  ...directory.map((s) => ({ value: s.id, label: `${s.displayName} (${s.role}${s.reachable ? '' : ', no phone set up'})` })),
];

export function createRestrictionsEditor(directory: readonly DirectoryEntry[]): RestrictionsEditor {
  const blocks = RESTRICTION_TYPES.map((type) => block(type, directory));
  const content = h('div', { className: 'restriction-list' }, ...blocks.map((b) => b.element));
  const group = groupField('Restrictions', blocks[0]!.tick.control, content, {
    hint: 'Tick each restriction that applies. Keep at least one way of contacting us open (R7).',
    className: 'restrictions-editor',
  });
  const ticked = () => blocks.filter((b) => b.tick.control.checked);
  return {
    element: group.element,
    values: () => ticked().map((b) => b.values()),
    set(list) {
      for (const b of blocks) {
        const values = list.find((v) => v.type === b.type);
        b.tick.control.checked = values !== undefined;
        b.tick.control.dispatchEvent(new Event('change'));
        if (values) b.set(values);
      }
    },
    fields(prefix = 'restrictions') {
      const all: Record<string, Field> = { [prefix]: group };
      ticked().forEach((b, index) => Object.assign(all, b.fields(`${prefix}.${index}`)));
      return all;
    },
  };
}

function block(type: RestrictionType, directory: readonly DirectoryEntry[]): Block {
  const tick = checkboxField(restrictionLabel(type), `restriction-${type}`, { hint: HINTS[type] });
  tick.control.dataset.restriction = type;
  const settings = h('div', { className: 'restriction-settings', id: uniqueId('settings') });
  tick.control.setAttribute('aria-controls', settings.id);
  const element = h('div', { className: `restriction restriction-${type}`, attrs: { 'data-restriction': type } }, tick.element, settings);
  const sync = () => {
    settings.hidden = !tick.control.checked;
    element.classList.toggle('chosen', tick.control.checked);
  };
  tick.control.addEventListener('change', sync);
  const parts = settingsFor(type, directory);
  settings.append(...parts.elements);
  if (parts.elements.length === 0) settings.classList.add('no-settings');
  sync();
  return {
    type,
    tick,
    element,
    values: parts.values,
    set: parts.set,
    fields: (base) => ({ [`${base}.type`]: tick, ...parts.fields(base) }),
  };
}

interface Settings {
  elements: HTMLElement[];
  values(): RestrictionValues;
  set(values: RestrictionValues): void;
  fields(base: string): Record<string, Field>;
}

function settingsFor(type: RestrictionType, directory: readonly DirectoryEntry[]): Settings {
  switch (type) {
    case 'bar': {
      const bypass = checkboxField('Emergency key: “press 1 if this is an emergency” puts the caller through to the emergency line', 'emergencyBypass', {
        hint: 'Recorded as an emergency bypass each time it is used.',
      });
      return {
        elements: [bypass.element],
        values: () => ({ type: 'bar', emergencyBypass: bypass.control.checked }),
        set: (v) => v.type === 'bar' && void (bypass.control.checked = v.emergencyBypass),
        fields: (base) => ({ [`${base}.emergencyBypass`]: bypass }),
      };
    }
    case 'spoc': {
      const staff = field('Member of staff who takes the calls', select('staffId', staffOptions(directory, 'Choose a member of staff')));
      const deputy = field('Deputy (optional)', select('deputyStaffId', staffOptions(directory, 'No deputy')), { hint: 'Takes the calls when the member of staff cannot.' });
      return {
        elements: [staff.element, deputy.element],
        values: () => ({ type: 'spoc', staffId: staff.control.value, deputyStaffId: deputy.control.value }),
        set: (v) => {
          if (v.type !== 'spoc') return;
          staff.control.value = v.staffId;
          deputy.control.value = v.deputyStaffId;
        },
        fields: (base) => ({ [`${base}.staffId`]: staff, [`${base}.deputyStaffId`]: deputy }),
      };
    }
    case 'warning': {
      const message = field('Warning message (optional)', textArea('message', { rows: 2, maxlength: 1000 }), { hint: 'Leave empty for the standard message about acceptable behaviour.' });
      return {
        elements: [message.element],
        values: () => ({ type: 'warning', message: message.control.value }),
        set: (v) => v.type === 'warning' && void (message.control.value = v.message),
        fields: (base) => ({ [`${base}.message`]: message }),
      };
    }
    case 'record':
      return { elements: [], values: () => ({ type: 'record' }), set: () => undefined, fields: () => ({}) };
    case 'frequency': {
      const maxCalls = field('Calls allowed', numberInput('maxCalls', 1, 1000), { className: 'inline-field' });
      const per = field('Per', select('per', [{ value: 'day', label: 'day' }, { value: 'week', label: 'week' }, { value: 'month', label: 'month' }]), { className: 'inline-field' });
      maxCalls.control.value = '1';
      per.control.value = 'week';
      return {
        elements: [h('div', { className: 'field-row' }, maxCalls.element, per.element)],
        values: () => ({ type: 'frequency', maxCalls: maxCalls.control.value, per: per.control.value }),
        set: (v) => {
          if (v.type !== 'frequency') return;
          maxCalls.control.value = v.maxCalls;
          per.control.value = v.per;
        },
        fields: (base) => ({ [`${base}.maxCalls`]: maxCalls, [`${base}.per`]: per }),
      };
    }
    case 'maxDuration': {
      const minutes = field('Longest call, in minutes', numberInput('minutes', 1, 240), { hint: 'From 1 to 240 minutes.', className: 'inline-field' });
      minutes.control.value = '10';
      return {
        elements: [minutes.element],
        values: () => ({ type: 'maxDuration', minutes: minutes.control.value }),
        set: (v) => v.type === 'maxDuration' && void (minutes.control.value = v.minutes),
        fields: (base) => ({ [`${base}.seconds`]: minutes }),
      };
    }
    case 'callWindows':
      return callWindowsSettings();
  }
}

interface WindowRow {
  element: HTMLElement;
  days: Field<HTMLInputElement>;
  boxes: HTMLInputElement[];
  from: Field<HTMLInputElement>;
  to: Field<HTMLInputElement>;
  remove: HTMLButtonElement;
}

function callWindowsSettings(): Settings {
  const rows: WindowRow[] = [];
  const list = h('div', { className: 'window-list' });
  const add = h('button', { className: 'button button-secondary button-small', attrs: { type: 'button' } }, 'Add a window');
  const timeZone = field('Time zone (optional)', textInput('timeZone', { maxlength: 64, placeholder: 'Europe/London' }), { hint: 'Leave empty for the organisation’s time zone.' });

  const renumber = () => {
    rows.forEach((row, i) => {
      row.element.querySelector('legend')!.textContent = `Window ${i + 1}`;
      row.remove.replaceChildren('Remove', hidden(` window ${i + 1}`));
      row.remove.hidden = rows.length === 1;
    });
  };
  const addRow = (values: WindowValues) => {
    const boxes = WEEKDAYS.map((day) => h('input', { id: uniqueId('day'), attrs: { type: 'checkbox', name: 'days', value: day } }));
    boxes.forEach((box) => (box.checked = values.days.includes(box.value)));
    const dayList = h('div', { className: 'day-list' }, ...boxes.map((box) => h('span', { className: 'day' }, box, h('label', { attrs: { for: box.id } }, DAY_LABELS[box.value] ?? box.value))));
    const days = groupField('Days', boxes[0]!, dayList, { className: 'days-field' });
    const from = field('From', h('input', { attrs: { type: 'time', name: 'from' } }), { className: 'inline-field' });
    const to = field('To', h('input', { attrs: { type: 'time', name: 'to' } }), { className: 'inline-field' });
    from.control.value = values.from;
    to.control.value = values.to;
    const remove = h('button', { className: 'link-button', attrs: { type: 'button' } });
    const element = h('fieldset', { className: 'window' }, h('legend', {}), days.element, h('div', { className: 'field-row' }, from.element, to.element, remove));
    const row: WindowRow = { element, days, boxes, from, to, remove };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      element.remove();
      renumber();
      (rows.at(-1)?.boxes[0] ?? add).focus();
    });
    rows.push(row);
    list.append(element);
    renumber();
    return row;
  };
  add.addEventListener('click', () => addRow({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '12:00' }).boxes[0]!.focus());
  addRow({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '12:00' });

  return {
    elements: [list, h('div', { className: 'add-row' }, add), timeZone.element],
    values: () => ({
      type: 'callWindows',
      windows: rows.map((row) => ({ days: row.boxes.filter((b) => b.checked).map((b) => b.value), from: row.from.control.value, to: row.to.control.value })),
      timeZone: timeZone.control.value,
    }),
    set(v) {
      if (v.type !== 'callWindows') return;
      rows.splice(0).forEach((row) => row.element.remove());
      for (const w of v.windows.length > 0 ? v.windows : [{ days: [], from: '', to: '' }]) addRow(w);
      timeZone.control.value = v.timeZone;
    },
    fields(base) {
      const all: Record<string, Field> = { [`${base}.timeZone`]: timeZone };
      if (rows[0]) all[`${base}.windows`] = rows[0].days;
      rows.forEach((row, i) => {
        all[`${base}.windows.${i}.days`] = row.days;
        all[`${base}.windows.${i}.from`] = row.from;
        all[`${base}.windows.${i}.to`] = row.to;
      });
      return all;
    },
  };
}
