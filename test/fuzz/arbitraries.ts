import fc from 'fast-check';

// Hostile inputs shared by the fuzz files: strings, JSON values of the wrong type, raw JSON text (deep nesting,
// number tokens JSON cannot hold, prototype pollution keys, truncation), bodies mutated from a valid one
// (missing, extra and wrong fields), query strings, path segments and header values.

/** `arbitrary` once in `oneIn` cases, null otherwise (fc.option's freq is the other way round: 1 in freq is null). */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary, weight: 1 });

// --- strings ----------------------------------------------------------------------------------------------

export const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b', 'x\uD800\uD800y'];

export const UNICODE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\u200F\u200E\u202B\u202A',
  'مرحبا بالعالم',
  'שלום עולם',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈🇬🇧',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻',
  '\uFEFFbom',
  '\uFFFD\uFFFE\uFFFF',
  '\u2028\u2029',
  '\u001b[31mred\u001b[0m',
  'Ω≈ç√∫˜µ≤≥÷',
  '表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀',
  '\u00A0\u1680\u2000\u3000',
  ...LONE_SURROGATES,
];

export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE customers; --",
  "1; SELECT pg_sleep(10); --",
  "' UNION SELECT username, password_hash FROM staff --",
  '" OR ""="',
  "admin'--",
  '\\',
  "\\'; --",
  '$1',
  '{"$gt": ""}',
  '{"$ne": null}',
  '$where',
  "this.constructor.constructor('return process')()",
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
  '</Say><Dial>+15005550006</Dial><Say>',
  ']]><Hangup/>',
  '<![CDATA[<Dial>+1</Dial>]]>',
  '<script>alert(1)</script>',
  '&amp;&lt;&#0;&#x0;',
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '%zz',
  '\r\nSet-Cookie: pwned=1',
  'a\r\n\r\nHTTP/1.1 200 OK',
  '%s%s%s%n',
  '=cmd|" /C calc"!A0',
];

export const LOOKALIKE_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x10',
  'null',
  'undefined',
  'true',
  'false',
  '[]',
  '{}',
  '0',
  '-1',
  '2147483648',
  '99999999999999999999999',
  '2026-02-30',
  '2026-13-01',
  '2026-01-01T25:61:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0001-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '0000-00-00',
  '1970-01-01T00:00:00Z',
  'P1Y',
  '+447700900123',
  '07700 900123',
  '+0',
  '+999999999999999999999',
  '00',
  'anonymous',
  '*#06#',
  'client:someone',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '{00000000-0000-0000-0000-000000000000}',
  'CA00000000000000000000000000000000',
  'CAzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
  'AC0123456789abcdef0123456789abcdef',
];

export const NASTY_STRINGS = [...UNICODE_STRINGS, ...INJECTION_STRINGS, ...LOOKALIKE_STRINGS];

const KB = 1024;
/** 100 KB (or more, as UTF-8) each; built once. In a JSON body they exceed the API's 100 kB limit. */
export const HUGE_STRINGS = ['a'.repeat(100 * KB), '😀'.repeat(25 * KB), '\u0000'.repeat(100 * KB), '<Say>'.repeat(20 * KB), 'ش\u202E'.repeat(34 * KB)];
/** Large but under the body limit: these reach the schemas' length checks. */
export const LARGE_STRINGS = ['x'.repeat(90 * KB), 'é'.repeat(40 * KB), '9'.repeat(5_000), 'y'.repeat(4_001), 'z'.repeat(2_001)];

const loneSurrogateString = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 }).map((units) => String.fromCharCode(...units));
/** Any code point but surrogates (fc.string's "binary" unit does the same, but costs a second to set up per file). */
const anyCodePoints = (maxLength: number) =>
  fc.array(fc.oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff })), { maxLength }).map((points) => String.fromCodePoint(...points));

/** Any string a hostile client might send. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 8 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: anyCodePoints(40), weight: 5 },
  { arbitrary: loneSurrogateString, weight: 1 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 },
  { arbitrary: fc.constantFrom(...LARGE_STRINGS), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS)).map((parts) => parts.join('')), weight: 2 },
);

/** Strings that look like what a field wants, so a share of cases gets past the type checks. */
export const plausibleText = fc.oneof(
  { arbitrary: fc.constantFrom('A note.', 'Reported to the police, reference 123/26.', 'Meets the policy.', 'x', ' padded ', 'Caller is calm now.'), weight: 3 },
  { arbitrary: nastyString, weight: 2 },
);

/** Dates as JSON (strings or numbers), in range, out of range, and not dates at all. */
export const dateLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
  fc.constantFrom(-8.64e15, 8.64e15, 8.64e15 + 1, 0, -1, 1e21, '2026-10-01', '2026-10-01T09:00', '2026-10-01T09:00:00+14:00', '1 Oct 2026'),
  nastyString,
);

// --- JSON values ------------------------------------------------------------------------------------------

export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf', '$where', '$gt', '', ' ', 'a.b', 'a[0]', '0', 'type', 'id', 'ref', 'role', 'admin'];

export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_KEYS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom(...UNICODE_STRINGS), weight: 1 },
);

/** Sets an own, enumerable property, even for "__proto__" (assignment would set the prototype instead). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21, 1e-7, -8.64e15, 8.64e15, Number.MAX_VALUE, Number.MIN_VALUE];

const smallJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

/** A JSON value, usually of the wrong type for wherever it lands. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 5 },
  { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...NUMBERS)), weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.array(smallJson, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [[]], [{}], { length: 1 }), weight: 1 },
  {
    arbitrary: fc.array(fc.tuple(nastyKey, smallJson), { maxLength: 3 }).map((entries) => entries.reduce((o, [k, v]) => setOwn(o, k, v), {} as Record<string, unknown>)),
    weight: 1,
  },
  { arbitrary: smallJson, weight: 1 },
);

// --- raw JSON text ----------------------------------------------------------------------------------------

/** Tokens that are not JSON numbers, or are numbers JSON.parse turns into something odd (1e309 is Infinity). */
export const NUMBER_TOKENS = ['NaN', 'Infinity', '-Infinity', '-0', '1e309', '-1e309', '1e-400', '0x1F', '01', '.5', '+1', '1_000', '9007199254740993', '123456789012345678901234567890', '1.0e+400', '-'];

const PLACEHOLDER = '"\u0001raw\u0001"';

/** `value` as JSON with `raw` text spliced in at `key`. */
function withRaw(value: Record<string, unknown>, key: string, raw: string): string {
  const copy = setOwn({ ...value }, key, '\u0001raw\u0001');
  return JSON.stringify(copy).replace(PLACEHOLDER, raw);
}

export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
/** Nested 1,000 and 5,000 deep (and 20,000 for a whole document), built once. */
const DEEP_VALUES = [deepArray(1_000), deepObject(1_000), deepArray(5_000), deepObject(5_000)];
const DEEP_DOCUMENTS = [deepArray(1_000), deepObject(1_000), deepArray(20_000), `{"a":${deepArray(1_000)}}`];
const TOO_LARGE_DOCUMENT = `{"a":"${'a'.repeat(101 * 1024)}"}`;

/** JSON documents that are deep, huge, malformed or hostile as text; `template` gives them plausible fields. */
export function rawJson(template: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(template).length > 0 ? Object.keys(template) : ['x'];
  const valid = JSON.stringify(template);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...NUMBER_TOKENS)).map(([key, token]) => withRaw(template, key, token)),
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...DEEP_VALUES)).map(([key, deep]) => withRaw(template, key, deep)),
    fc.constantFrom(...DEEP_DOCUMENTS),
    fc.constantFrom(
      `{"__proto__":{"polluted":true,"role":"admin"},${valid.slice(1)}`,
      `{"constructor":{"prototype":{"polluted":true}},${valid.slice(1)}`,
      `${valid.slice(0, -1)}${valid.length > 2 ? ',' : ''}"__proto__":{"isAdmin":true}}`,
      `{"${keys[0]}":1,"${keys[0]}":{"$gt":""}}`,
      `[${valid}]`,
      `[${valid},${valid}]`,
      `${valid}}}`,
      `${valid}garbage`,
      `\uFEFF${valid}`,
      valid.replace(/"/g, "'"),
      valid.replace(/:/g, '='),
      '',
      ' ',
      'null',
      'true',
      '42',
      '"a string"',
      '{',
      '}',
      '{"a":}',
      '{"a" 1}',
      '{,}',
      '[,]',
      "{'a':1}",
      '{"a":1,}',
      '{"\\ud800":"\\udfff"}',
      '{"a":"\\u0000"}',
      '{"a":"\\x41"}',
      '{"a":"unterminated}',
      '<?xml version="1.0"?><a/>',
      'name=x&phoneNumbers=1',
    ),
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((cut) => valid.slice(0, cut)),
  );
}

// --- bodies -----------------------------------------------------------------------------------------------

export interface GeneratedBody {
  /** What goes on the wire. */
  payload: string | Buffer;
  contentType: string | null;
  contentEncoding?: string;
  /** Short description for failure messages. */
  kind: string;
}

type Json = Record<string, unknown>;

/** `valid` changed in one hostile way: fields missing, wrong, extra, or changed deeper down. */
export function mutatedObject(valid: Json, depth = 0): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const options: fc.WeightedArbitrary<unknown>[] = [
    // a field of the wrong type or value
    ...(keys.length ? [{ arbitrary: fc.tuple(fc.constantFrom(...keys), nastyValue).map(([k, v]) => setOwn({ ...valid }, k, v)), weight: 6 }] : []),
    // fields missing
    ...(keys.length
      ? [{ arbitrary: fc.subarray(keys, { minLength: 1 }).map((drop) => Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k)))), weight: 2 }]
      : []),
    // an extra field, maybe a prototype key
    { arbitrary: fc.tuple(nastyKey, nastyValue).map(([k, v]) => setOwn({ ...valid }, k, v)), weight: 2 },
    // the same field set to null / undefined-ish
    ...(keys.length ? [{ arbitrary: fc.constantFrom(...keys).map((k) => setOwn({ ...valid }, k, null)), weight: 1 }] : []),
    // an array where the object is expected, or a bare value
    { arbitrary: fc.constantFrom<unknown>([valid], [], [[]], 'string', 0, null), weight: 1 },
  ];
  // deeper: change one element of a nested object or array
  const nested = keys.filter((k) => typeof valid[k] === 'object' && valid[k] !== null);
  if (depth < 2 && nested.length) {
    options.push({
      arbitrary: fc.constantFrom(...nested).chain((k) => {
        const inner = valid[k];
        if (Array.isArray(inner)) {
          if (inner.length === 0) return nastyValue.map((v) => setOwn({ ...valid }, k, [v]));
          return fc.tuple(fc.nat({ max: inner.length - 1 }), fc.oneof(nastyValue, ...inner.filter(isObject).map((o) => mutatedObject(o, depth + 1))))
            .map(([i, v]) => setOwn({ ...valid }, k, inner.map((item, j) => (i === j ? v : item))));
        }
        return mutatedObject(inner as Json, depth + 1).map((v) => setOwn({ ...valid }, k, v));
      }),
      weight: 3,
    });
  }
  return fc.oneof(...options);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const CONTENT_TYPES = ['application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=nope', 'application/vnd.api+json', 'multipart/form-data; boundary=x', '*/*', 'application/json, text/plain'];
const CONTENT_ENCODINGS = ['gzip', 'deflate', 'br', 'zstd', 'x-unknown', 'identity', 'gzip, gzip'];

/** A request body: a mutation of `valid` (or `valid` itself), hostile JSON text, or odd encodings and types. */
export function bodyFor(valid: fc.Arbitrary<Json>, options: { validWeight?: number } = {}): fc.Arbitrary<GeneratedBody> {
  const json = (value: unknown, kind: string): GeneratedBody => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json', kind });
  return valid.chain((template) =>
    fc.oneof(
      { arbitrary: fc.constant(json(template, 'valid')), weight: options.validWeight ?? 1 },
      { arbitrary: mutatedObject(template).map((v) => json(v, 'mutated')), weight: 10 },
      { arbitrary: nastyValue.map((v) => json(v, 'value')), weight: 1 },
      { arbitrary: rawJson(template).map((text): GeneratedBody => ({ payload: text, contentType: 'application/json', kind: 'raw' })), weight: 4 },
      {
        arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES, null), fc.oneof(mutatedObject(template), fc.constant(template))).map(
          ([contentType, v]): GeneratedBody => ({ payload: JSON.stringify(v) ?? 'null', contentType, kind: 'content-type' }),
        ),
        weight: 1,
      },
      {
        arbitrary: fc.constantFrom(...CONTENT_ENCODINGS).map((encoding): GeneratedBody => ({ payload: JSON.stringify(template), contentType: 'application/json', contentEncoding: encoding, kind: 'encoding' })),
        weight: 1,
      },
      {
        arbitrary: fc.constantFrom(
          Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
          Buffer.from('{"name":"\xff\xfe\xc0\xaf"}', 'latin1'),
          Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
          Buffer.from(JSON.stringify(template), 'utf16le'),
          Buffer.alloc(64),
        ).map((payload): GeneratedBody => ({ payload, contentType: 'application/json', kind: 'bytes' })),
        weight: 1,
      },
      { arbitrary: fc.constant<GeneratedBody>({ payload: TOO_LARGE_DOCUMENT, contentType: 'application/json', kind: 'too-large' }), weight: 1 },
    ),
  );
}

// --- URLs and headers -------------------------------------------------------------------------------------

/** Percent-encodes every byte outside RFC 3986's unreserved set (lone surrogates go out as U+FFFD, as UTF-8 would). */
export function pct(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw path text a URL parser may choke on. */
export const BAD_ENCODINGS = ['%', '%%', '%zz', '%E0%A4%A', '%C0%AE', '%C0%80', '%ED%A0%80', '%FF', '%2e%2e', '..', '.', '%2F', '%00', 'a%00b', '%u0041', '%F0%9F%98%80', '~', '-', '_'];

/** A path segment where an id goes: a real one (weight `realWeight`), an id that does not exist, or garbage. */
export function idSegment(real: readonly string[], realWeight = 4): fc.Arbitrary<string> {
  return fc.oneof(
    ...(real.length ? [{ arbitrary: fc.constantFrom(...real), weight: realWeight }] : []),
    { arbitrary: fc.uuid(), weight: 2 },
    ...(real.length ? [{ arbitrary: fc.constantFrom(...real.map((id) => id.toUpperCase()), ...real.map((id) => `${id}x`), ...real.map((id) => id.replace(/-/g, ''))), weight: 1 }] : []),
    { arbitrary: fc.constantFrom(...BAD_ENCODINGS), weight: 2 },
    { arbitrary: nastyString.filter((s) => s.length > 0).map((s) => pct(s.slice(0, 300))), weight: 2 },
  );
}

/** URLs stay under Node's 16 KB header limit (beyond it Node answers 431 itself, before the application). */
const MAX_QUERY = 6_000;

/** A query string (with its "?", or empty): known parameters with good and bad values, unknown and repeated ones, bad encodings. */
export function queryFor(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const known = names.length
    ? fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), fc.oneof({ arbitrary: params[name]!, weight: 3 }, { arbitrary: nastyString, weight: 2 })))
    : null;
  const unknown = fc.tuple(fc.oneof(nastyKey, fc.constantFrom(...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`), 'a[b][c]')), nastyString);
  const pair = known ? fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: unknown, weight: 1 }) : unknown;
  return fc.tuple(fc.array(pair, { maxLength: 5 }), sometimes(fc.constantFrom(...BAD_ENCODINGS, '&&&', '=', '==', 'a=1=2', '&=&'), 5)).map(([pairs, raw]) => {
    const parts = pairs.map(([k, v]) => `${pct(k.slice(0, 100))}=${pct(v.slice(0, 1_000))}`);
    if (raw) parts.push(raw);
    while (parts.join('&').length > MAX_QUERY) parts.shift();
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

/** Header value text Node will send (tab, visible ASCII and Latin-1 only). */
export const headerText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f), { maxLength: 60 }).map((codes) => String.fromCharCode(...codes)),
  fc.constantFrom(...NASTY_STRINGS.filter((s) => /^[\t\x20-\x7e\xa0-\xff]*$/.test(s))),
  fc.constantFrom('x'.repeat(4 * KB)),
);
