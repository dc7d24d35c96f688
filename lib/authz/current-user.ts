// Who is asking: the session names a user id; everything else is re-read from the database on each call, so a
// disabled user or a revoked authority takes effect at once.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptionsForSession } from "@/lib/auth/options";
import type { Actor } from "@/lib/audit";
import { type Db, db as defaultDb } from "@/lib/db";
import { testSessionUserId } from "#test-session-user";
import { type Authority, effectiveAuthorities } from "./authorities";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  authorities: Authority[];
  /** Set when the request was authenticated by an API token: `authorities` are then the token's ∩ the owner's. */
  token?: { id: string; name: string };
};

export async function loadActiveUser(userId: string, db: Db = defaultDb): Promise<CurrentUser | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      authorities: { select: { authority: true } },
    },
  });
  // A disabled account counts as signed out everywhere, immediately.
  if (!user || user.disabled) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    authorities: effectiveAuthorities(
      user.role,
      user.authorities.map((a) => a.authority),
    ),
  };
}

/** The signed-in user, read once per request (the layout and the page share it through React's cache). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // Null outside the unit test runner: the stub is not even in the build (lib/authz/test-session-user.ts).
  const stubbed = testSessionUserId();
  if (stubbed) return loadActiveUser(stubbed);
  const session = await getServerSession(authOptionsForSession());
  const userId = session?.user?.id;
  return userId ? loadActiveUser(userId) : null;
});

/**
 * Who a write is recorded as, and with what rights it may grant: the user, and when a token is acting for them, the
 * token's name (audited as "<email> via token <name>") and its authorities (nothing it grants may exceed them).
 */
export function actorOf(user: CurrentUser): Actor {
  if (!user.token) return { id: user.id, email: user.email };
  return { id: user.id, email: user.email, via: `token ${user.token.name}`, scope: user.authorities };
}

export function hasAuthority(user: Pick<CurrentUser, "authorities"> | null, authority: Authority): boolean {
  return !!user && user.authorities.includes(authority);
}
