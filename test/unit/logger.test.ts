import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { logger, text: () => lines.join('') };
}

describe('logger', () => {
  it('masks caller numbers and drops query parameters in database errors', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error('Failed query: select 1\nparams: +447700900451'), { params: ['+447700900451'] });
    logger.error({ err }, 'lookup failed');
    expect(text()).not.toContain('7700900451');
    expect(text()).toContain('+44770•••451');
  });

  it('never writes credentials an HTTP client error carries', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error('socket hang up'), {
      config: { headers: { Authorization: 'Basic QUMwMTIzOnNlY3JldC10b2tlbg==' } },
      request: { headers: { authorization: 'Basic QUMwMTIzOnNlY3JldC10b2tlbg==' } },
      detail: 'sent Authorization: Basic QUMwMTIzOnNlY3JldC10b2tlbg==',
    });
    logger.warn({ err }, 'twilio failed');
    expect(text()).not.toContain('QUMwMTIzOnNlY3JldC10b2tlbg');
    expect(text()).toContain('socket hang up');
  });

  it('redacts passwords and tokens logged by mistake', () => {
    const { logger, text } = capture();
    logger.info({ password: 'hunter2-long-password', token: 'abc.def.ghi' }, 'oops');
    expect(text()).not.toMatch(/hunter2|abc\.def/);
  });
});
