import { h, uniqueId } from '../shared/dom.js';
import { groupField, type Field } from '../shared/form-fields.js';

// A set of radio buttons under one legend, as one field (its problem shows for the group).

export interface RadioGroup<V extends string> {
  field: Field<HTMLInputElement>;
  value(): V | '';
  set(value: V): void;
  onChange(listener: (value: V | '') => void): void;
}

export function radioGroup<V extends string>(legend: string, name: string, options: ReadonlyArray<{ value: V; label: string; hint?: string }>): RadioGroup<V> {
  const radios = options.map((o) => h('input', { id: uniqueId('radio'), attrs: { type: 'radio', name, value: o.value } }));
  const items = options.map((o, i) => {
    const radio = radios[i]!;
    const hint = o.hint ? h('span', { className: 'field-hint' }, o.hint) : null;
    return h('div', { className: 'radio' }, radio, h('label', { attrs: { for: radio.id } }, o.label, hint ? ' ' : null, hint));
  });
  const field = groupField(legend, radios[0]!, h('div', { className: 'radios' }, ...items), { className: 'radio-group' });
  const value = () => (radios.find((r) => r.checked)?.value ?? '') as V | '';
  return {
    field,
    value,
    set(v) {
      for (const r of radios) r.checked = r.value === v;
      radios[0]?.dispatchEvent(new Event('change', { bubbles: true }));
    },
    onChange(listener) {
      field.element.addEventListener('change', () => listener(value()));
    },
  };
}
