import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { bindMessage, concat, DESCRIBE_EXECUTE_SYNC, EXECUTE_SYNC } from './pglite-messages.js';

export interface PreparingOptions {
  /** Statements kept prepared at once; the least recently used one is closed to make room. */
  maxPrepared: number;
  /**
   * A statement is prepared afresh after this long. PGlite runs no autovacuum, so nothing tells PostgreSQL
   * that a table has grown: a generic plan made while `calls` was empty (a sequential scan can be cheapest
   * then) would otherwise stay for the life of the process. Re-planning costs a few planner runs a minute.
   */
  maxAgeMs: number;
}

const DEFAULTS: PreparingOptions = { maxPrepared: 200, maxAgeMs: 30_000 };

const { serialize } = protocol;

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface Prepared {
  name: string;
  expiresAt: number;
  paramTypes: number[];
  /** Its columns, described once when prepared (null when it returns no rows), so runs need not describe them. */
  rowDescription: BackendMessage | null;
}

/**
 * PGlite's `query` parses, analyses and plans its statement on every call, in six protocol steps, each a pass
 * into the WebAssembly engine, and copies its table of some 300 type parsers whenever the caller passes
 * parsers of its own (drizzle always does): together most of the database's time for a webhook's statements.
 * Like postgres.js with `prepare: true`, this keeps each statement that has parameters prepared under a name
 * (parsed once; after five runs PostgreSQL may keep a generic plan, until `maxAgeMs`), runs every statement
 * as one protocol message, and looks the caller's parsers up in front of PGlite's instead of copying them.
 * Results come out exactly as `query` gives them. Transactions (`client.transaction`) go PGlite's own way.
 */
export function preparingStatements(client: PGlite, settings: PreparingOptions = DEFAULTS): PGlite {
  const prepared = new Map<string, Prepared>();
  let made = 0;

  const exec = (parts: Uint8Array[], syncToFs: boolean) => client.execProtocolStream(concat(parts), { syncToFs });
  const close = (statement: Prepared) => exec([serialize.close({ type: 'S', name: statement.name }), serialize.sync()], false);

  const prepare = async (text: string, options: QueryOptions | undefined): Promise<Prepared> => {
    const key = options?.paramTypes ? `${options.paramTypes.join(',')}:${text}` : text;
    const found = prepared.get(key);
    if (found) {
      // Most recently used last, so the first entry is the one to close when the cache is full.
      prepared.delete(key);
      if (found.expiresAt > Date.now()) {
        prepared.set(key, found);
        return found;
      }
      await close(found);
    }
    const name = `callguard_${++made}`;
    const described = await exec([serialize.parse({ name, text, types: options?.paramTypes }), serialize.describe({ type: 'S', name }), serialize.sync()], false);
    const statement: Prepared = {
      name,
      expiresAt: Date.now() + settings.maxAgeMs,
      paramTypes: parse.parseDescribeStatementResults(described),
      rowDescription: described.find((m) => m.name === 'rowDescription') ?? null,
    };
    prepared.set(key, statement);
    if (prepared.size > settings.maxPrepared) {
      const [oldestKey, oldest] = prepared.entries().next().value!;
      prepared.delete(oldestKey);
      await close(oldest);
    }
    return statement;
  };

  const run = async <T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> => {
    // Without parameters (migrations, DDL, `select 1`) the unnamed statement, parsed each time, as PGlite does.
    const statement = params.length > 0 ? await prepare(text, options) : null;
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const type = statement?.paramTypes[i] ?? 0;
      const serializer = options?.serializers?.[type] ?? client.serializers[type];
      return serializer ? serializer(param) : String(param);
    });
    // Flushes a data directory's files after the statement, as `query` does.
    const messages = statement
      ? await exec([bindMessage(statement.name, values), EXECUTE_SYNC], true)
      : await exec([serialize.parse({ text, types: options?.paramTypes }), bindMessage('', values), DESCRIBE_EXECUTE_SYNC], true);
    if (statement?.rowDescription) messages.unshift(statement.rowDescription);
    const parsers = options?.parsers ? Object.assign(Object.create(client.parsers), options.parsers) : client.parsers;
    const [result] = parse.parseResults(messages, parsers, { rowMode: options?.rowMode });
    return result as Results<T>;
  };

  const query = async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    if (options?.blob) return client.query<T>(text, params, options);
    await client._checkReady();
    // Both of PGlite's locks, as `query` takes them: the protocol calls take neither, and a statement must not
    // land inside a transaction another caller has open.
    return client._runExclusiveTransaction(() =>
      client.runExclusive(async () => {
        if (!client.ready) throw new Error('PGlite is closed');
        try {
          return await run<T>(text, params, options);
        } catch (err) {
          // The context PGlite adds to its own errors.
          if (err instanceof protocol.messages.DatabaseError) Object.assign(err, { query: text, params, queryOptions: options });
          throw err;
        }
      }),
    );
  };

  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') return query;
      const value: unknown = Reflect.get(target, property, target);
      // PGlite's methods use private fields, so they must run on the client itself, not on the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
