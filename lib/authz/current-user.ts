// Who is asking: the session names a user id; everything else is re-read from the database on each call, so a
// disabled user or a revoked authority takes effect at once.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptionsForSession } from "@/lib/auth/options";
import { db } from "@/lib/db";
import { testSessionUserId } from "#test-session-user";
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

/** The signed-in user, read once per request (the layout and the page share it through React's cache). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // Null outside the unit test runner: the stub is not even in the build (lib/authz/test-session-user.ts).
  const stubbed = testSessionUserId();
  if (stubbed) return loadActiveUser(stubbed);
  const session = await getServerSession(authOptionsForSession());
  const userId = session?.user?.id;
  return userId ? loadActiveUser(userId) : null;
});

export function hasAuthority(user: Pick<CurrentUser, "authorities"> | null, authority: Authority): boolean {
  return !!user && user.authorities.includes(authority);
}
