/** PostgreSQL's SQLSTATE for a unique violation, whether drizzle wrapped the driver error or not. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

function sqlState(err: unknown): string | undefined {
  for (let current: unknown = err, depth = 0; current && depth < 4; depth++) {
    if (typeof current !== 'object') return undefined;
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
