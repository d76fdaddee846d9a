import { describe, expect, it } from 'vitest';
import { DEFAULT_TO, parseBaseUrl, parseCallArgs } from '../../scripts/simulator/call-options.js';

function options(argv: string[]) {
  const parsed = parseCallArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function errorOf(argv: string[]): string {
  const parsed = parseCallArgs(argv);
  if (parsed.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseCallArgs', () => {
  it('needs only the caller, with defaults for the rest', () => {
    expect(options(['07700900123'])).toEqual({
      from: '07700900123',
      to: DEFAULT_TO,
      digits: null,
      dialStatuses: [],
      statuses: [],
      duration: 0,
      callSid: null,
      url: null,
    });
  });

  it('reads every option', () => {
    expect(
      options([
        '+447700900123',
        '--to',
        '+441134960000',
        '--digits',
        '1#',
        '--dial-status',
        'no-answer, busy,completed',
        '--status',
        'ringing,completed',
        '--duration',
        '45',
        '--sid',
        'CA0123456789abcdef0123456789ABCDEF',
        '--url',
        'http://localhost:3000/',
      ]),
    ).toEqual({
      from: '+447700900123',
      to: '+441134960000',
      digits: '1#',
      dialStatuses: ['no-answer', 'busy', 'completed'],
      statuses: ['ringing', 'completed'],
      duration: 45,
      callSid: 'CA0123456789abcdef0123456789ABCDEF',
      url: 'http://localhost:3000',
    });
  });

  it('passes the caller on verbatim, including withheld spellings and an empty one', () => {
    expect(options(['anonymous']).from).toBe('anonymous');
    expect(options(['']).from).toBe('');
    expect(options(['--digits', '1', '07700 900123']).from).toBe('07700 900123');
  });

  it('asks for help', () => {
    expect(parseCallArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCallArgs(['-h', '07700900123'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /Missing CALLER/],
    [['07700900123', '07700900124'], /one CALLER/],
    [['07700900123', '--digits', '1a'], /--digits/],
    [['07700900123', '--dial-status', 'answered'], /--dial-status: "answered"/],
    [['07700900123', '--status', 'completed,done'], /--status: "done"/],
    [['07700900123', '--duration', '-1'], /--duration/],
    [['07700900123', '--duration', '4.5'], /--duration/],
    [['07700900123', '--sid', 'CA123'], /--sid/],
    [['07700900123', '--url', 'localhost:3000'], /--url/],
    [['07700900123', '--url', 'ftp://example.test'], /--url/],
    [['07700900123', '--to', ''], /--to/],
    [['07700900123', '--colour', 'red'], /colour/],
    [['07700900123', '--digits'], /digits/],
  ])('rejects %j', (argv, message) => {
    expect(errorOf(argv)).toMatch(message);
  });
});

describe('parseBaseUrl', () => {
  it('keeps the origin and path without a trailing slash', () => {
    expect(parseBaseUrl('http://localhost:3000')).toBe('http://localhost:3000');
    expect(parseBaseUrl('https://tunnel.example.test/callguard/')).toBe('https://tunnel.example.test/callguard');
  });

  it('refuses what cannot be a base', () => {
    expect(parseBaseUrl('nonsense')).toBeNull();
    expect(parseBaseUrl('http://localhost:3000/?a=1')).toBeNull();
    expect(parseBaseUrl('http://user:pw@localhost:3000')).toBeNull();
  });
});
