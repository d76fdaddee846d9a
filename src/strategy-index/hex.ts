// Hex digit values by character code, -1 for anything else.
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** The 16 bits that four hex digits from `at` spell, or a negative number when they are not hex digits. */
export function hex4(text: string, at: number): number {
  const a = HEX[text.charCodeAt(at)] ?? -1;
  const b = HEX[text.charCodeAt(at + 1)] ?? -1;
  const c = HEX[text.charCodeAt(at + 2)] ?? -1;
  const d = HEX[text.charCodeAt(at + 3)] ?? -1;
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}
