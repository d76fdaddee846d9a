import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../src/strategy-index/text-column.js';

describe('TextColumn', () => {
  it('gives back each slot’s text, from a string or from bytes, null included, after growing past a chunk', () => {
    const column = new TextColumn();
    column.resize(3);
    const source = Buffer.from('xxLlŷr ŵ 😀yy');
    column.setBytes(0, source, 2, source.length - 4);
    column.set(1, null);
    column.set(2, '');
    expect([0, 1, 2].map((slot) => column.get(slot))).toEqual(['Llŷr ŵ 😀', null, '']);

    // About 2.5 MiB in all, and one text longer than a chunk.
    column.resize(5_001);
    const long = 'Bench caller “quoted” '.repeat(20);
    for (let slot = 3; slot < 5_000; slot++) column.set(slot, `${long}${slot}`);
    const huge = 'ŵ'.repeat(600_000);
    column.set(5_000, huge);
    column.set(0, 'replaced');
    column.setBytes(2, source, 0, -1);
    expect([0, 1, 2, 3, 4_999, 5_000].map((slot) => column.get(slot))).toEqual(['replaced', null, null, `${long}3`, `${long}4999`, huge]);
  });
});
