// Console-wide notices about the front door, for admins: recent break-glass sign-ins (a warning for 24 h), and
// while single sign-on works but is not required, that the bootstrap admin still signs in with a password.
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { DateTimeText } from "@/components/ui/date-time";
import { type CurrentUser, hasAuthority } from "@/lib/authz/current-user";
import {
  bootstrapAdminWithPassword,
  getSignInPolicy,
  recentBreakGlassSignIns,
  ssoWorks,
} from "@/lib/sign-in-policy/queries";

export async function SignInNotices({ user }: { user: CurrentUser }) {
  const admin = hasAuthority(user, "OAUTH_INTEGRATION_WRITE") || hasAuthority(user, "USER_WRITE");
  if (!admin) return null;
  const [breakGlass, policy] = await Promise.all([recentBreakGlassSignIns(), getSignInPolicy()]);
  const bootstrap =
    !policy.requireSso && hasAuthority(user, "OAUTH_INTEGRATION_WRITE") && (await ssoWorks())
      ? await bootstrapAdminWithPassword()
      : null;
  return (
    <>
      {breakGlass.map((event, index) => (
        <Alert key={`${event.createdAt.toISOString()}-${index}`} tone="warning" title="Break-glass sign-in">
          {event.actorEmail} signed in with a password while single sign-on is required, at{" "}
          <DateTimeText value={event.createdAt} />. If this was not planned, check the audit log.
        </Alert>
      ))}
      {bootstrap ? (
        <Alert tone="info" title="The bootstrap admin still signs in with a password">
          Single sign-on works, but {bootstrap} can still sign in with a password. Once your admins use single sign-on,{" "}
          <Link href="/settings/sign-in-policy" className="font-medium underline">
            require single sign-on
          </Link>{" "}
          and keep a few break-glass accounts.
        </Alert>
      ) : null}
    </>
  );
}
