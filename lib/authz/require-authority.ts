// The first line of every write: throws unless the (freshly loaded) user holds the authority.
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import type { Authority } from "./authorities";
import type { CurrentUser } from "./current-user";

export function requireAuthority(user: CurrentUser | null, authority: Authority): asserts user is CurrentUser {
  if (!user) throw new UnauthenticatedError();
  if (!user.authorities.includes(authority)) throw new ForbiddenError(authority);
}
