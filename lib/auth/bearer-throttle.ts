// The one place API-token authentication talks to the sign-in throttle: a wrong, expired or revoked token counts as
// a failed sign-in from its client address, in the same database counter ("password:address", lib/auth/throttle.ts)
// as password sign-in, so every replica sees it and a guesser cannot switch between the two ways in.
import "server-only";
import type { Db } from "@/lib/db";
import { countFailure, retryAfter } from "./throttle";

/** Seconds the address must wait before trying again (0: now). An unknown address is never throttled by address. */
export async function bearerRetryAfter(address: string, db?: Db): Promise<number> {
  return address === "unknown" ? 0 : retryAfter("password:address", address, { db });
}

/** Counts one failed bearer attempt from the address. */
export async function countBearerFailure(address: string, db?: Db): Promise<void> {
  if (address !== "unknown") await countFailure("password:address", address, { db });
}
