import { z } from 'zod';
import { LANGUAGES } from '../core/customer.js';
import { restrictionSchema, type Restriction } from '../core/restriction.js';
import { IndexContents } from './index-contents.js';
import { LINE_SEPARATOR_SQL, LineFields } from './load-line.js';
import { phoneKey } from './phone-keys.js';
import type { StrategyFields } from './strategy-table.js';

/**
 * One row a (customer, number, strategy, restriction). The fixed-format fields come as one text, `line`,
 * separated by U+001F (unit separator), read in place: one text column is several times cheaper for either
 * driver to read than a dozen typed ones, and COPY's text format leaves that separator as it is (a tab it
 * would escape). Free text (which may hold anything) comes in columns of its own, except the restriction's
 * settings, which end the line: jsonb's text escapes control characters. Timestamps come as their binary
 * value (see LineFields.timestamp). F gives each field's place in the line, LINE each field's expression in
 * the same order.
 */
const binaryTime = (column: string) => `encode(timestamptz_send(${column}), 'hex')`;
const LINE = ['c.id', 's.id', 'c.language', 's.urgent', binaryTime('s.starts_at'), binaryTime('s.ends_at'), binaryTime('s.review_at'), binaryTime('s.notification_sent_at'), 'r.position', 'r.type', 'r.settings'];
const F = { customer: 0, strategy: 1, language: 2, urgent: 3, startsAt: 4, endsAt: 5, reviewAt: 6, notifiedAt: 7, position: 8, type: 9, settings: 10 } as const;
const FIELD_COUNT = LINE.length;

export const LOAD_QUERY = `
  select concat(${LINE.join(`, ${LINE_SEPARATOR_SQL}, `)}) as line,
    n.e164 as number, c.name, c.communication_needs as needs
  from contact_strategies s
  join customers c on c.id = s.customer_id
  left join customer_phone_numbers n on n.customer_id = s.customer_id
  left join restrictions r on r.strategy_id = s.id
  where s.status = 'authorised'`;

export interface LoadRow {
  line: string;
  number: string | null;
  name: string;
  needs: string | null;
}

/** A restriction at its position, one per distinct row text: most strategies share a handful of them. */
interface RuleEntry {
  position: number;
  restriction: Restriction;
  list: Restriction[] | null;
}

const settingsSchema = z.record(z.string(), z.unknown());

/**
 * Builds index contents from load rows, one (customer, number, strategy, restriction) each and in no
 * particular order: a customer with two numbers and a strategy with two restrictions comes in four rows.
 * Each customer and strategy is parsed at its first row; each distinct restriction text once per load.
 */
export class IndexLoadBuilder {
  private readonly contents = new IndexContents();
  private readonly fields = new LineFields(FIELD_COUNT);
  private readonly noRestrictions = this.contents.internRestrictions([]);
  // By strategy slot while loading: its restrictions so far (usually one).
  private drafts: Array<RuleEntry | RuleEntry[] | undefined> = [];
  private entries = new Map<string, RuleEntry>();
  // Filled in for each new strategy (the table copies it), not made anew a million times. The query reads
  // authorised strategies only.
  private readonly strategy: StrategyFields = { status: 'authorised', urgent: false, startsAt: NaN, endsAt: NaN, reviewAt: NaN, notified: false, notifiedAt: NaN };

  add(row: LoadRow): void {
    const { fields, contents } = this;
    const { line } = row;
    fields.read(line);
    const { customers, strategies } = contents;
    if (fields.end(F.customer) !== 36 || !customers.slots.ids.read(line, 0)) throw new Error('a strategy index row has no customer id');
    let customer = customers.slots.findProbe();
    if (customer < 0) customer = customers.add(row.name, fields.choice(F.language, LANGUAGES), row.needs);
    // A number that is not E.164 can never match a caller, who is looked up by a normalised number.
    const key = row.number === null ? NaN : phoneKey(row.number);
    if (!Number.isNaN(key)) contents.addNumber(customer, key);
    const strategyAt = fields.start(F.strategy);
    if (fields.end(F.strategy) - strategyAt !== 36 || !strategies.ids.read(line, strategyAt)) throw new Error('a strategy index row has no strategy id');
    let strategy = contents.findStrategy(customer);
    if (strategy < 0) strategy = contents.addStrategy(customer, this.strategyFields(), this.noRestrictions);
    if (!fields.isEmpty(F.position)) this.addRestriction(strategy);
  }

  /** Makes room for about this many strategies (see IndexContents.reserve); rows may already have come. */
  reserve(strategies: number): void {
    this.contents.reserve(strategies);
  }

  /** The contents, once every row is in. */
  finish(): IndexContents {
    this.drafts.forEach((draft, slot) => {
      if (draft !== undefined) this.contents.strategies.setRestrictions(slot, this.restrictionsOf(draft));
    });
    this.drafts = [];
    this.entries.clear();
    this.contents.compact();
    return this.contents;
  }

  private strategyFields(): StrategyFields {
    const { fields, strategy } = this;
    strategy.urgent = fields.line.charCodeAt(fields.start(F.urgent)) === 116; // 't'
    strategy.startsAt = fields.timestamp(F.startsAt);
    strategy.endsAt = fields.timestamp(F.endsAt);
    strategy.reviewAt = fields.timestamp(F.reviewAt);
    strategy.notified = !fields.isEmpty(F.notifiedAt);
    strategy.notifiedAt = fields.timestamp(F.notifiedAt);
    return strategy;
  }

  private addRestriction(strategy: number): void {
    // Position, type and settings: the same text is the same restriction at the same place.
    const key = this.fields.rest(F.position);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.parseRestriction();
      this.entries.set(key, entry);
    }
    const draft = this.drafts[strategy];
    // A restriction comes once for each of the customer's numbers: keep one per position.
    if (draft === undefined) this.drafts[strategy] = entry;
    else if (!Array.isArray(draft)) {
      if (draft.position !== entry.position) this.drafts[strategy] = [draft, entry];
    } else if (!draft.some((known) => known.position === entry.position)) draft.push(entry);
  }

  private parseRestriction(): RuleEntry {
    const { fields } = this;
    const settings = settingsSchema.parse(JSON.parse(fields.rest(F.settings)));
    const restriction = restrictionSchema.parse({ ...settings, type: fields.text(F.type) });
    return { position: fields.integer(F.position), restriction, list: null };
  }

  private restrictionsOf(draft: RuleEntry | RuleEntry[]): Restriction[] {
    if (!Array.isArray(draft)) return (draft.list ??= this.contents.internRestrictions([draft.restriction]));
    const ordered = [...draft].sort((a, b) => a.position - b.position);
    return this.contents.internRestrictions(ordered.map((entry) => entry.restriction));
  }
}
