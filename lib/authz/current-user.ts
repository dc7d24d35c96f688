// Who is asking: the session names a user id; everything else is re-read from the database on each call, so a
// disabled user or a revoked authority takes effect at once.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptionsForSession } from "@/lib/auth/options";
import { db } from "@/lib/db";
import { type Authority, effectiveAuthorities } from "./authorities";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  authorities: Authority[];
};

export async function loadActiveUser(userId: string): Promise<CurrentUser | null> {
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

// In-process tests (the fuzzer, lib/testing) call route handlers and actions without a cookie: they name the
// session's user id under this process-global symbol. Honoured only when NODE_ENV=test (next start and next dev
// force production/development), and nothing from a request can set it; the user is still loaded for real.
const TEST_SESSION_USER = Symbol.for("keyway.test.sessionUserId");

/** The signed-in user, read once per request (the layout and the page share it through React's cache). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const stubbed = (globalThis as Record<symbol, unknown>)[TEST_SESSION_USER];
  if (process.env.NODE_ENV === "test" && typeof stubbed === "string") return loadActiveUser(stubbed);
  const session = await getServerSession(authOptionsForSession());
  const userId = session?.user?.id;
  return userId ? loadActiveUser(userId) : null;
});

export function hasAuthority(user: Pick<CurrentUser, "authorities"> | null, authority: Authority): boolean {
  return !!user && user.authorities.includes(authority);
}
