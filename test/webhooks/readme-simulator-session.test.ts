import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { TestClock } from '../support/test-clock.js';
import { openTestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

// The README's session was recorded against the demo data on Wednesday 25 November 2026, 15:00 in London.
const RECORDED_AT = new Date('2026-11-25T15:00:00Z');
const README_ENV = { PUBLIC_URL: 'http://localhost:3000', EMERGENCY_ROUTE: '+442079460999', ORGANISATION_NAME: 'Example Ombudsman' };

interface Step {
  args: string[];
  expected: string;
}

/** The console block between the simulator-session markers: `$ npm run call -- …` lines and what they print. */
export async function readmeSession(): Promise<Step[]> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('<!-- simulator-session -->')[1]?.split('<!-- /simulator-session -->')[0] ?? '';
  const block = section.split('```console')[1]?.split('```')[0] ?? '';
  const steps: Step[] = [];
  for (const line of block.split('\n')) {
    const command = line.match(/^\$ npm run call -- (.*)$/);
    if (command?.[1]) steps.push({ args: command[1].split(/\s+/), expected: '' });
    else if (steps.length > 0 && line.trim() !== '') steps[steps.length - 1]!.expected += `${line}\n`;
  }
  return steps;
}

/** CallSids are random; the line saying where a request was sent names this test's port. */
const normalise = (text: string) =>
  text
    .replace(/CA[0-9a-f]{32}/g, 'CA…')
    .split('\n')
    .filter((line) => !line.startsWith('  sent to '))
    .join('\n')
    .trim();

let server: RunningServer;
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await openTestDatabase();
  closeDatabase = database.close;
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...README_ENV });
  server = await startServer(config, { database, clock: new TestClock(RECORDED_AT) });
  await seedDemo(server.deps);
});
afterAll(async () => {
  await server?.close();
  await closeDatabase?.();
});

describe("the README's call simulator session", () => {
  it('runs as printed against the demo data', async () => {
    const steps = await readmeSession();
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const step of steps) {
      const { stdout } = await run('npm', ['run', '--silent', 'call', '--', ...step.args, '--url', server.url], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...README_ENV },
      });
      expect(normalise(stdout), `npm run call -- ${step.args.join(' ')}`).toBe(normalise(step.expected));
    }
  }, 120_000);
});
