import { defineConfig } from 'vitest/config';

// Tests that measure time (start-up within 10 s, answers within 2 s, a card within 500 ms, a clean
// shutdown) or drive a browser run after everything else, one file at a time, so they are measured
// on a machine that is not busy with the rest of the suite.
const TIMED = [
  'test/api/startup.test.ts',
  'test/scale/**/*.test.ts',
  'test/webhooks/database-outage.test.ts',
  'test/webhooks/replay-and-faults.test.ts',
  'test/browser/**/*.test.ts',
];

const shared = { pool: 'forks' as const, testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { test: { ...shared, name: 'main', include: ['test/**/*.test.ts'], exclude: TIMED, sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
