// next-auth options. The route handler builds them per request with the current SSO providers; session reads
// (getServerSession) use the same callbacks without providers.
import "server-only";
import type { AuthOptions } from "next-auth";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/config";
import { logLine } from "@/lib/log";
import { recordSignInFailure } from "@/lib/integrations/service";
import { completeSsoSignIn, matchAccount, recordSsoRefusal } from "./account-matching";
import { mayRecordHealth, noteRefusal } from "./callback-state";
import { safeCallbackPath } from "./callback-url";
import { credentialsProvider } from "./credentials";
import type { SsoUser } from "./oidc-provider";
import { ssoProviders } from "./provider-registry";
import { createSession, isSessionActive, revokeSession, SESSION_ABSOLUTE_LIFETIME_MS } from "./sessions";
import { authSecret } from "./secret";
import { classifyCallbackError, errorPageUrl } from "./sign-in-errors";

const SESSION_MAX_AGE_S = 8 * 60 * 60;
// The cookie never outlives the session row's absolute end (the row is what actually decides).
const COOKIE_MAX_AGE_S = Math.min(SESSION_MAX_AGE_S, SESSION_ABSOLUTE_LIFETIME_MS / 1000);
const SESSION_ENDED = "session ended (signed out, revoked or past its absolute lifetime)";

function baseOptions(): AuthOptions {
  return {
    secret: authSecret(),
    // Secure (__Secure-) cookies whenever Keyway is served over https.
    useSecureCookies: publicUrl().startsWith("https://"),
    session: { strategy: "jwt", maxAge: COOKIE_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/error" },
    providers: [],
    callbacks: {
      // Every callbackUrl next-auth follows (sign-in, sign-out) stays on Keyway's own origin (issue 6, finding 6).
      redirect({ url, baseUrl }) {
        const origin = new URL(baseUrl).origin;
        return `${origin}${safeCallbackPath(url, origin)}`;
      },
      async signIn({ user, account }) {
        if (!account || account.type !== "oauth") return true;
        const registrationId = account.provider;
        const identity = user as unknown as SsoUser;
        if (identity.refusal) {
          await recordSsoRefusal(db, registrationId, identity.refusal, identity.email);
          noteRefusal(identity.refusal, identity.email);
          return errorPageUrl(identity.refusal);
        }
        const sso = { sub: identity.id, issuer: identity.issuer, email: identity.email, emailVerified: identity.emailVerified };
        const match = await matchAccount(db, registrationId, sso);
        if (!match.ok) {
          await recordSsoRefusal(db, registrationId, match.code, match.email);
          noteRefusal(match.code, match.email);
          return errorPageUrl(match.code);
        }
        await completeSsoSignIn(db, registrationId, sso, match);
        return true;
      },
      async jwt({ token, user, account }) {
        if (!account || !user) {
          // Every read of the session (pages, API, /api/auth/session) asks the server-side row: a revoked or expired
          // session throws, which next-auth answers as signed out and clears the cookie (issue 6, finding 5).
          if (!(await isSessionActive(db, token.sid, token.uid))) throw new Error(SESSION_ENDED);
          return token;
        }
        // The session names the Keyway user, never the IdP's subject.
        let userId = user.id;
        if (account.type === "oauth") {
          const { issuer } = user as unknown as SsoUser;
          const link = await db.account.findUnique({
            where: {
              provider_issuer_providerAccountId: { provider: account.provider, issuer, providerAccountId: account.providerAccountId },
            },
            select: { userId: true },
          });
          if (!link) throw new Error("SSO sign-in without a linked account");
          userId = link.userId;
        }
        const keywayUser = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
        const sid = await createSession(db, keywayUser.id);
        return { uid: keywayUser.id, email: keywayUser.email, name: keywayUser.name, via: account.provider, sid };
      },
      async session({ session, token }) {
        session.user = { id: token.uid as string, email: token.email, name: token.name } as typeof session.user;
        return session;
      },
    },
    events: {
      // Sign-out ends this session on the server too, so a copied cookie stops working.
      async signOut({ token }) {
        await revokeSession(db, token?.sid);
      },
    },
    logger: {
      error(code, metadata) {
        const meta = metadata as { error?: Error; providerId?: string; message?: string } | undefined;
        const message = meta?.error?.message ?? meta?.message ?? String(code);
        if (code === "JWT_SESSION_ERROR" && message === SESSION_ENDED) return; // an ended session is not an error
        // Log the code and message only: never request bodies, tokens or client secrets.
        console.error(logLine`[next-auth] ${code}${meta?.providerId ? ` provider=${meta.providerId}` : ""}: ${message}`);
        // Health only from a callback that carried this browser's state cookie (callback-state.ts).
        if (meta?.providerId && mayRecordHealth(meta.providerId)) {
          void recordSignInFailure(meta.providerId, classifyCallbackError(message)).catch(() => undefined);
        }
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(logLine`[next-auth] warning ${code}`);
      },
      debug() {},
    },
  };
}

let sessionOptions: AuthOptions | null = null;

/** For getServerSession: callbacks and secret only (no database reads for providers). Built on first use. */
export function authOptionsForSession(): AuthOptions {
  sessionOptions ??= baseOptions();
  return sessionOptions;
}

/** For the /api/auth route: the password provider plus every enabled integration, as of this request. */
export async function buildAuthOptions(): Promise<AuthOptions> {
  const sso = await ssoProviders();
  return { ...authOptionsForSession(), providers: [credentialsProvider, ...sso.values()] };
}
