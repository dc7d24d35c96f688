// Is the database answering? Asked by proxy.ts before every page, so a database outage is one clear 503 page
// instead of a broken render. A success is trusted for a second; a failure is re-checked on the next request, so
// Keyway recovers by itself as soon as the database is back.
import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "./availability";

const TRUST_SUCCESS_MS = 1_000;
let lastSuccessAt = 0;

export async function databaseAnswers(): Promise<boolean> {
  if (Date.now() - lastSuccessAt < TRUST_SUCCESS_MS) return true;
  try {
    // Reads a table (SELECT 1 would not notice a locked SQLite file).
    await db.configVersion.findFirst({ select: { id: true } });
    lastSuccessAt = Date.now();
    return true;
  } catch (error) {
    // Anything else is a bug for the page itself to report, not an outage.
    return !isDatabaseUnavailable(error);
  }
}
