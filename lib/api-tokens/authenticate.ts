// `Authorization: Bearer kw_…` → the user the token acts for, with the token's authorities intersected with the
// owner's current ones. Read from the database on every request (no cache), so revocation, expiry, and the owner's
// disabling or demotion take effect at once on every instance.
import "server-only";
import { effectiveAuthorities } from "@/lib/authz/authorities";
import type { CurrentUser } from "@/lib/authz/current-user";
import { bearerRetryAfter, countBearerFailure } from "@/lib/auth/bearer-throttle";
import { type Db, db as defaultDb } from "@/lib/db";
import { InvalidTokenError, TooManyRequestsError } from "@/lib/errors";
import { logLine } from "@/lib/log";
import { hashApiToken, isWellFormedApiToken } from "./token";

/** Last use is stamped at most this often per token (or when the address changes): a read is not a write each time. */
export const LAST_USED_RESOLUTION_MS = 60_000;

type Options = { db?: Db; now?: Date };

async function refuse(address: string, db: Db): Promise<never> {
  await countBearerFailure(address, db);
  throw new InvalidTokenError();
}

export async function authenticateBearer(
  authorization: string,
  address: string,
  { db = defaultDb, now = new Date() }: Options = {},
): Promise<CurrentUser> {
  // Checked before any lookup, like password sign-in: a throttled address waits, whatever it sends.
  const wait = await bearerRetryAfter(address, db);
  if (wait > 0) throw new TooManyRequestsError(wait);
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match || !isWellFormedApiToken(match[1])) return refuse(address, db);
  const row = await db.apiToken.findUnique({
    where: { hash: hashApiToken(match[1]) },
    select: {
      id: true,
      name: true,
      authorities: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedAddress: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          disabled: true,
          authorities: { select: { authority: true } },
        },
      },
    },
  });
  if (!row || row.revokedAt || row.expiresAt <= now || row.user.disabled) return refuse(address, db);
  const owner = row.user;
  const held = effectiveAuthorities(
    owner.role,
    owner.authorities.map((a) => a.authority),
  );
  const carried = row.authorities.split(" ");
  await stampLastUse(db, row, address, now);
  return {
    id: owner.id,
    email: owner.email,
    name: owner.name,
    role: owner.role,
    // Why the intersection: the token never does more than its owner may do now, nor more than it was made for.
    authorities: held.filter((a) => carried.includes(a)),
    token: { id: row.id, name: row.name },
  };
}

async function stampLastUse(
  db: Db,
  row: { id: string; lastUsedAt: Date | null; lastUsedAddress: string | null },
  address: string,
  now: Date,
) {
  const fresh = row.lastUsedAt && now.getTime() - row.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS;
  if (fresh && row.lastUsedAddress === address) return;
  // A failed stamp (e.g. the database briefly locked) must not fail the request it describes.
  await db.apiToken
    .update({ where: { id: row.id }, data: { lastUsedAt: now, lastUsedAddress: address } })
    .catch((error: unknown) => console.error(logLine`[keyway] could not stamp API token use: ${error}`));
}
