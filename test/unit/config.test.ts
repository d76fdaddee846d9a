import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('loadConfig', () => {
  it('runs with no configuration at all: embedded database, development Twilio credentials, demo data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.twilio.usingDevCredentials).toBe(true);
    expect(config.demo).toBe(true);
    expect(config.defaultRegion).toBe('GB');
    expect(config.timeZone).toBe('Europe/London');
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', preparedStatements: true, jit: 'off' });
  });

  it('keeps prepared statements unless DATABASE_PREPARED_STATEMENTS=false, and refuses other values', () => {
    const off = loadConfig({ DATABASE_URL: 'postgres://db/callguard', DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(off.database).toMatchObject({ kind: 'postgres', preparedStatements: false });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/callguard', DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it('turns JIT off on its PostgreSQL connections unless DATABASE_JIT=server, and refuses other values', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/callguard', DATABASE_JIT: 'server' }).database).toMatchObject({ kind: 'postgres', jit: 'server' });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/callguard', DATABASE_JIT: 'on' })).toThrow(/DATABASE_JIT/);
  });

  it('turns demo data off once an admin password is configured, unless DEMO=1', () => {
    expect(loadConfig({ CALLGUARD_ADMIN_PASSWORD: 'a-long-admin-password' }).demo).toBe(false);
    expect(loadConfig({ CALLGUARD_ADMIN_PASSWORD: 'a-long-admin-password', DEMO: '1' }).demo).toBe(true);
  });

  it('drops a trailing slash from PUBLIC_URL so signature URLs are built one way', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://calls.example.org/' }).publicUrl).toBe('https://calls.example.org');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PUBLIC_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['TWILIO_ACCOUNT_SID', 'XY123'],
    ['DEFAULT_ROUTE', '07700 900123'],
    ['EMERGENCY_ROUTE', 'queue:emergency'],
    ['CALLGUARD_ADMIN_PASSWORD', 'short'],
    ['DEFAULT_REGION', 'ZZ'],
    ['TIME_ZONE', 'Mars/Olympus'],
    ['BLOCK_WITHHELD', 'maybe'],
  ])('names %s when its value is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('accepts every form of DEFAULT_ROUTE', () => {
    expect(loadConfig({ DEFAULT_ROUTE: '+442079460000' }).defaultRoute).toEqual({ kind: 'number', number: '+442079460000' });
    expect(loadConfig({ DEFAULT_ROUTE: 'client:reception' }).defaultRoute).toEqual({ kind: 'client', identity: 'reception' });
    expect(loadConfig({ DEFAULT_ROUTE: 'queue:main' }).defaultRoute).toEqual({ kind: 'queue', name: 'main' });
  });

  it('requires real Twilio credentials and PUBLIC_URL in production', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as ConfigError).message;
      for (const name of ['PUBLIC_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']) expect(message).toContain(name);
    }
  });
});
