/**
 * Why a command could not reach its database, in one line naming the database it tried
 * (DATABASE_URL without its password, or the embedded PostgreSQL) and the cause. A connection
 * refused on a host name that resolves to several addresses is an AggregateError with an empty
 * message: its inner errors are listed instead.
 */
export function describeDatabaseFailure(
  err: unknown,
  target: { DATABASE_URL?: string; DATA_DIR: string; EMBEDDED_PG_PORT: number },
): string {
  return `base de données injoignable (${databaseName(target)}) : ${causeOf(err)}`;
}

function databaseName(t: { DATABASE_URL?: string; DATA_DIR: string; EMBEDDED_PG_PORT: number }): string {
  if (!t.DATABASE_URL) return `PostgreSQL intégré, données dans ${t.DATA_DIR}, port ${t.EMBEDDED_PG_PORT}`;
  try {
    const u = new URL(t.DATABASE_URL);
    if (u.password) u.password = '***';
    return `DATABASE_URL=${u.toString()}`;
  } catch {
    return 'DATABASE_URL illisible';
  }
}

function causeOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return [...new Set(err.errors.map(causeOf))].join(' ; ');
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    const msg = err.message || err.name;
    return code && !msg.includes(code) ? `${msg} (${code})` : msg;
  }
  return String(err);
}
