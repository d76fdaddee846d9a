import type postgres from 'postgres';

/**
 * Streams `query`'s result as `COPY ... TO STDOUT` in binary format (db/copy-binary-rows.ts reads it) to
 * `onChunk`, as PostgreSQL sends it (usually one row a chunk, but a row may span chunks). One statement, so
 * one snapshot, with no fetch round trips; the socket pauses while `onChunk` falls behind. If `onChunk`
 * throws, the rest is read and dropped (which frees the connection) and the promise then rejects with that
 * error. postgres.js cannot cancel a COPY once its stream has begun (the query counts as answered), and a
 * pg_cancel_backend from another connection could, by the time it landed, hit the next statement on this one.
 */
export async function copyOut(client: postgres.Sql, query: string, onChunk: (chunk: Buffer) => void): Promise<void> {
  const stream = await client.unsafe(`copy (${query}) to stdout with (format binary)`).readable();
  await new Promise<void>((resolve, reject) => {
    let failure: { err: unknown } | null = null;
    stream.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (err) {
        failure = { err };
      }
    });
    stream.on('end', () => (failure ? reject(failure.err) : resolve()));
    stream.on('error', (err) => reject(failure ? failure.err : err));
  });
}
