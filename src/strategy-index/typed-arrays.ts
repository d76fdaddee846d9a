type NumberArray = Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A copy of `array` with room for `length` elements (cut short, or padded with zeros). */
export function resized(array: Uint8Array, length: number): Uint8Array<ArrayBuffer>;
export function resized(array: Int32Array, length: number): Int32Array<ArrayBuffer>;
export function resized(array: Uint32Array, length: number): Uint32Array<ArrayBuffer>;
export function resized(array: Float64Array, length: number): Float64Array<ArrayBuffer>;
export function resized(array: NumberArray, length: number): NumberArray {
  const next =
    array instanceof Uint8Array ? new Uint8Array(length) : array instanceof Int32Array ? new Int32Array(length) : array instanceof Uint32Array ? new Uint32Array(length) : new Float64Array(length);
  next.set(array.subarray(0, length));
  return next;
}

/** The length of an open-addressing table (a power of two, at most half full) with room for `entries`. */
export function tableLengthFor(entries: number): number {
  let length = 64;
  while ((entries + 1) * 2 > length) length *= 2;
  return length;
}

/** The capacity to grow to for `needed` slots: double, so a load copies little; a full load ends with `compact`. */
export function grownCapacity(current: number, needed: number): number {
  return Math.max(needed, current * 2, 64);
}

/** A full load's capacity for `count` slots: a little spare, so the changes that follow it do not double the table. */
export function withSpare(count: number): number {
  return count + Math.min(count >> 6, 4096);
}

/**
 * Whether a table of `capacity` slots, `used` of them in use after a full load, should be resized to
 * withSpare(used): when growing left much more room, or too little is spare. Not when the load reserved
 * about the right size, which would copy every column for nothing.
 */
export function wantsCompacting(capacity: number, used: number): boolean {
  const target = withSpare(used);
  return capacity < used + (target - used) / 2 || capacity > target + (target >> 4);
}
