import { z } from 'zod';
import type { BinaryRow } from '../../db/copy-binary-rows.js';
import { LANGUAGES, type Language } from '../core/customer.js';
import { restrictionSchema, type Restriction } from '../core/restriction.js';
import { IndexContents } from './index-contents.js';
import { phoneKey } from './phone-keys.js';
import type { StrategyFields } from './strategy-table.js';

/**
 * One row a (customer, number, strategy, restriction), read from COPY's binary format (see BinaryRow):
 * uuids, timestamps and numbers arrive as their bytes, so reading them makes no strings, and PostgreSQL
 * writes them without formatting text. F gives each column's place; the restriction's three come last and
 * together, so their bytes make its key (BinaryRow.key).
 */
const COLUMNS = ['c.id', 's.id', 'c.language', 'c.name', 'c.communication_needs', 'n.e164', 's.urgent', 's.starts_at', 's.ends_at', 's.review_at', 's.notification_sent_at', 'r.position', 'r.type', 'r.settings'];
const F = { customer: 0, strategy: 1, language: 2, name: 3, needs: 4, number: 5, urgent: 6, startsAt: 7, endsAt: 8, reviewAt: 9, notifiedAt: 10, position: 11, type: 12, settings: 13 } as const;
export const LOAD_FIELD_COUNT = COLUMNS.length;

export const LOAD_QUERY = `
  select ${COLUMNS.join(', ')}
  from contact_strategies s
  join customers c on c.id = s.customer_id
  left join customer_phone_numbers n on n.customer_id = s.customer_id
  left join restrictions r on r.strategy_id = s.id
  where s.status = 'authorised'`;

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
 * Each customer and strategy is parsed at its first row; each distinct restriction once per load.
 */
export class IndexLoadBuilder {
  private readonly contents = new IndexContents();
  private readonly noRestrictions = this.contents.internRestrictions([]);
  // By strategy slot while loading: its restrictions so far (usually one).
  private drafts: Array<RuleEntry | RuleEntry[] | undefined> = [];
  private entries = new Map<string, RuleEntry>();
  // Filled in for each new strategy (the table copies it), not made anew a million times. The query reads
  // authorised strategies only.
  private readonly strategy: StrategyFields = { status: 'authorised', urgent: false, startsAt: NaN, endsAt: NaN, reviewAt: NaN, notified: false, notifiedAt: NaN };

  add(row: BinaryRow): void {
    const { contents } = this;
    const { customers, strategies } = contents;
    row.uuid(F.customer, customers.slots.ids.probe);
    let customer = customers.slots.findProbe();
    if (customer < 0) {
      customer = customers.add(languageOf(row));
      customers.names.setBytes(customer, row.buffer, row.start(F.name), row.length(F.name));
      customers.needs.setBytes(customer, row.buffer, row.start(F.needs), row.length(F.needs));
    }
    // A number that is not E.164 can never match a caller, who is looked up by a normalised number.
    const number = row.text(F.number);
    const key = number === null ? NaN : phoneKey(number);
    if (!Number.isNaN(key)) contents.addNumber(customer, key);
    row.uuid(F.strategy, strategies.ids.probe);
    let strategy = contents.findStrategy(customer);
    if (strategy < 0) strategy = contents.addStrategy(customer, this.strategyFields(row), this.noRestrictions);
    if (!row.isNull(F.position)) this.addRestriction(row, strategy);
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

  private strategyFields(row: BinaryRow): StrategyFields {
    const { strategy } = this;
    strategy.urgent = row.boolean(F.urgent);
    strategy.startsAt = row.timestamp(F.startsAt);
    strategy.endsAt = row.timestamp(F.endsAt);
    strategy.reviewAt = row.timestamp(F.reviewAt);
    strategy.notified = !row.isNull(F.notifiedAt);
    strategy.notifiedAt = row.timestamp(F.notifiedAt);
    return strategy;
  }

  private addRestriction(row: BinaryRow, strategy: number): void {
    // Position, type and settings: the same bytes are the same restriction at the same place.
    const key = row.key(F.position, F.settings);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = parseRestriction(row);
      this.entries.set(key, entry);
    }
    const draft = this.drafts[strategy];
    // A restriction comes once for each of the customer's numbers: keep one per position.
    if (draft === undefined) this.drafts[strategy] = entry;
    else if (!Array.isArray(draft)) {
      if (draft.position !== entry.position) this.drafts[strategy] = [draft, entry];
    } else if (!draft.some((known) => known.position === entry.position)) draft.push(entry);
  }

  private restrictionsOf(draft: RuleEntry | RuleEntry[]): Restriction[] {
    if (!Array.isArray(draft)) return (draft.list ??= this.contents.internRestrictions([draft.restriction]));
    const ordered = [...draft].sort((a, b) => a.position - b.position);
    return this.contents.internRestrictions(ordered.map((entry) => entry.restriction));
  }
}

function languageOf(row: BinaryRow): Language {
  const language = LANGUAGES.find((option) => row.spells(F.language, option));
  if (language === undefined) throw new Error(`a strategy index row's language is not one of ${LANGUAGES.join(', ')}`);
  return language;
}

function parseRestriction(row: BinaryRow): RuleEntry {
  const settings = settingsSchema.parse(row.jsonb(F.settings));
  const restriction = restrictionSchema.parse({ ...settings, type: row.text(F.type) });
  return { position: row.integer(F.position), restriction, list: null };
}
