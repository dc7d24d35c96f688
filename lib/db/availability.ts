// Telling "the database is down or locked" apart from a bug: the first is a 503 the user can wait out (Keyway
// recovers by itself when the database is back: the pool reconnects, the lock is released), the second a 500.
const CODES = new Set([
  // Prisma: unreachable, timed out, connection closed, pool timeout, no transaction could start in time
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006", // PostgreSQL: shutting down, cannot connect, link lost
]);
const MESSAGES =
  /database is locked|database table is locked|unable to open database|Can't reach database server|Connection terminated|connection (?:refused|reset|timeout)|ECONNREFUSED|ECONNRESET|the database system is (?:shutting down|starting up)|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect|Server has closed the connection/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause, originalCode, kind } = error as Record<string, unknown>;
  if (typeof code === "string" && CODES.has(code)) return true;
  if (typeof originalCode === "string" && CODES.has(originalCode)) return true;
  if (kind === "DatabaseNotReachable" || kind === "SocketTimeout" || kind === "ConnectionClosed") return true;
  if (typeof message === "string" && MESSAGES.test(message)) return true;
  if (Array.isArray((error as { errors?: unknown[] }).errors)) {
    if ((error as { errors: unknown[] }).errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  }
  return isDatabaseUnavailable(cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE = "Keyway cannot reach its database right now. Try again in a moment.";
