import { protocol } from '@electric-sql/pglite';

// Frontend messages of PostgreSQL's extended query protocol, for db/pglite-prepared.ts. PGlite's own
// serializer measures every string with a JavaScript loop over its characters, which for the few kilobytes
// of JSON a batch of calls sends cost more than running the statement; Buffer does it natively.

/** Execute the portal to the end, and sync: the same bytes every time. */
export const EXECUTE_SYNC = concat([protocol.serialize.execute({}), protocol.serialize.sync()]);
/** The same, after describing the portal's columns. */
export const DESCRIBE_EXECUTE_SYNC = concat([protocol.serialize.describe({ type: 'P' }), EXECUTE_SYNC]);

/** Bind of parameters in text format to the unnamed portal; `statement` '' is the unnamed statement. */
export function bindMessage(statement: string, values: ReadonlyArray<string | null>): Buffer {
  // Each value is measured once: its size sets the buffer's, and is written again as its length prefix.
  const sizes = values.map((value) => (value === null ? -1 : Buffer.byteLength(value)));
  let length = 4 + Buffer.byteLength(statement) + 2 + 2 + 2 + 2;
  for (const size of sizes) length += 4 + Math.max(size, 0);
  const out = Buffer.allocUnsafe(1 + length);
  let at = out.writeUInt8(0x42, 0); // 'B'
  at = out.writeInt32BE(length, at);
  at = out.writeUInt8(0, at); // unnamed portal
  at += out.write(statement, at);
  at = out.writeUInt8(0, at);
  at = out.writeInt16BE(0, at); // every parameter in text format
  at = out.writeInt16BE(values.length, at);
  values.forEach((value, i) => {
    at = out.writeInt32BE(sizes[i]!, at);
    if (value !== null) at += out.write(value, at);
  });
  out.writeInt16BE(0, at); // every result column in text format
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
