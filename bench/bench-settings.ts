// Everything the benchmark can be told, from the environment; the defaults are the documented run.

export interface BenchSettings {
  /** Which sections to run: 1 webhooks, 2 propagation, 3 panel fan-out, 4 scale. */
  sections: Set<number>;
  /** Numbers under strategy for sections 1 to 3. */
  numbers: number;
  /** Share of the load's callers who are under strategy (the rest are unknown numbers). */
  knownShare: number;
  connections: number;
  durationS: number;
  warmupS: number;
  /** The fixed rate (calls/s) for the latency target. */
  rate: number;
  /** Rounds of authorise and lift (section 2) and calls (section 3, per instance pairing). */
  rounds: number;
  sockets: number;
  /** Numbers under strategy for section 4. */
  scaleNumbers: number;
  /** Section 4 on PGlite too (slow: the seed alone takes minutes). */
  scalePglite: boolean;
  /** Section 4 gives up on a load still running after this long (the figure is then SHORT, not an error). */
  scaleLimitS: number;
  /** Heap limit of section 4's server process. */
  scaleHeapMiB: number;
}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return value;
}

export function readSettings(): BenchSettings {
  const only = process.env.BENCH_ONLY;
  return {
    sections: new Set(only ? only.split(',').map((s) => Number(s.trim())) : [1, 2, 3, 4]),
    numbers: int('BENCH_NUMBERS', 100_000, 0, 10_000_000),
    knownShare: int('BENCH_KNOWN_SHARE', 0.2, 0, 1),
    connections: int('BENCH_CONNECTIONS', 256, 1, 1_000),
    durationS: int('BENCH_DURATION_S', 10, 1, 120),
    warmupS: int('BENCH_WARMUP_S', 2, 0, 60),
    rate: int('BENCH_RATE', 1_000, 1, 20_000),
    rounds: int('BENCH_ROUNDS', 20, 1, 1_000),
    sockets: int('BENCH_SOCKETS', 500, 1, 5_000),
    scaleNumbers: int('BENCH_SCALE_NUMBERS', 1_000_000, 1, 10_000_000),
    scalePglite: process.env.BENCH_SCALE_PGLITE === '1',
    scaleLimitS: int('BENCH_SCALE_LIMIT_S', 300, 10, 3_600),
    scaleHeapMiB: int('BENCH_SCALE_HEAP_MIB', 8_192, 512, 16_384),
  };
}
