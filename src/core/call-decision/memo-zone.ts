import { IANAZone, Info, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

// Offsets are constant between a zone's transitions, and no zone has two transitions within minutes.
const BUCKET_MS = 15 * 60_000;
const MAX_BUCKETS = 4_096;
const MAX_ZONES = 512;

/**
 * An IANA zone whose offsets are remembered per 15-minute UTC bucket. Luxon asks a zone for its offset
 * on every DateTime it makes (several times for each set/plus/startOf), and IANAZone answers each time
 * through Intl.DateTimeFormat.formatToParts: the cost of the call decision's calendar arithmetic.
 *
 * A bucket is remembered only when its first and last millisecond have the same offset, so one holding
 * a transition is always asked of Intl. Everything else (name, type "iana", offset names, equality) is
 * the IANA zone's, so formatting and comparison with other DateTimes are unchanged.
 */
class MemoZone extends Zone {
  readonly #zone: IANAZone;
  readonly #offsets = new Map<number, number>();

  constructor(zone: IANAZone) {
    super();
    this.#zone = zone;
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.#zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.#zone.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.#zone.offsetName(ts, options);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#zone.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const bucket = Math.floor(ts / BUCKET_MS);
    const known = this.#offsets.get(bucket);
    if (known !== undefined) return known;
    const offset = this.#zone.offset(ts);
    if (Number.isNaN(offset)) return offset;
    const start = bucket * BUCKET_MS;
    const first = start === ts ? offset : this.#zone.offset(start);
    if (first === offset && this.#zone.offset(start + BUCKET_MS - 1) === offset) {
      if (this.#offsets.size >= MAX_BUCKETS) this.#offsets.clear();
      this.#offsets.set(bucket, offset);
    }
    return offset;
  }

  override equals(other: Zone): boolean {
    return this.#zone.equals(other);
  }
}

// A bounded pure memo: a zone's offsets depend only on the process's tz data, so its answers never vary.
const zones = new Map<string, MemoZone>();

/**
 * The zone luxon reads `name` as, remembering offsets when that is an IANA zone. Other readings ("UTC",
 * "UTC+3", "system") and unknown names are luxon's own zone, so they behave and fail exactly as before.
 */
export function memoZone(name: string): Zone {
  let zone: Zone | undefined = zones.get(name);
  if (zone === undefined) {
    zone = Info.normalizeZone(name);
    if (!(zone instanceof IANAZone) || !zone.isValid) return zone;
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(name, (zone = new MemoZone(zone)));
  }
  return zone;
}
