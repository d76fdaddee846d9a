/**
 * An E.164 number as a number: "+" and at most 15 digits, the first not 0, fit a double exactly, so the
 * index keeps 8 bytes a number in typed arrays instead of a string and a Map entry (about 60 bytes).
 * NaN for text that is not E.164: such a number can never match a caller, who is looked up normalised.
 */
export function phoneKey(text: string, start = 0, end = text.length): number {
  const length = end - start;
  if (length < 3 || length > 16 || text.charCodeAt(start) !== 43 || text.charCodeAt(start + 1) === 48) return NaN;
  let key = 0;
  for (let i = start + 1; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    key = key * 10 + digit;
  }
  return key;
}
