// next-auth options. The route handler builds them per request with the current SSO providers; session reads
// (getServerSession) use the same callbacks without providers.
import "server-only";
import type { AuthOptions } from "next-auth";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/config";
import { recordSignInFailure } from "@/lib/integrations/service";
import { completeSsoSignIn, matchAccount, recordSsoRefusal } from "./account-matching";
import { carriedUser, carryUser } from "./carried-user";
import { credentialsProvider } from "./credentials";
import type { SsoUser } from "./oidc-provider";
import { ssoProvider, ssoProviders } from "./provider-registry";
import { authSecret } from "./secret";
import { classifyCallbackError, errorPageUrl } from "./sign-in-errors";

const SESSION_MAX_AGE_S = 8 * 60 * 60;

function baseOptions(): AuthOptions {
  return {
    secret: authSecret(),
    // Secure (__Secure-) cookies whenever Keyway is served over https.
    useSecureCookies: publicUrl().startsWith("https://"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/error" },
    providers: [],
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.type !== "oauth") return true;
        const registrationId = account.provider;
        const identity = user as unknown as SsoUser;
        if (identity.refusal) {
          await recordSsoRefusal(db, registrationId, identity.refusal, identity.email);
          return errorPageUrl(identity.refusal, identity.email);
        }
        const sso = { sub: identity.id, issuer: identity.issuer, email: identity.email, emailVerified: identity.emailVerified };
        const match = await matchAccount(db, registrationId, sso);
        if (!match.ok) {
          await recordSsoRefusal(db, registrationId, match.code, match.email);
          return errorPageUrl(match.code, match.email);
        }
        await completeSsoSignIn(db, registrationId, sso, match);
        carryUser(user, { id: match.userId, email: match.email, name: match.name });
        return true;
      },
      async jwt({ token, user, account }) {
        if (!account || !user) return token;
        // The session names the Keyway user, never the IdP's subject.
        let userId = user.id;
        // The user signIn just matched (no re-read); the lookups below remain only as a fallback.
        const carried = account.type === "oauth" ? carriedUser(user) : undefined;
        if (carried) return { uid: carried.id, email: carried.email, name: carried.name, via: account.provider };
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
        return { uid: keywayUser.id, email: keywayUser.email, name: keywayUser.name, via: account.provider };
      },
      async session({ session, token }) {
        session.user = { id: token.uid as string, email: token.email, name: token.name } as typeof session.user;
        return session;
      },
    },
    logger: {
      error(code, metadata) {
        const meta = metadata as { error?: Error & { code?: unknown }; providerId?: string; message?: string } | undefined;
        const message = meta?.error?.message ?? meta?.message ?? String(code);
        // Log the code and message only: never request bodies, tokens or client secrets.
        console.error(`[next-auth] ${code}${meta?.providerId ? ` provider=${meta.providerId}` : ""}: ${message}`);
        if (meta?.providerId && meta.providerId !== "credentials") {
          void recordSignInFailure(meta.providerId, classifyCallbackError(message, meta.error?.code)).catch(() => undefined);
        }
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(`[next-auth] warning ${code}`);
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

/**
 * For the /api/auth route (`segments` = its path after /api/auth): only the providers this request needs, as of
 * now — every one for /providers, the one named by signin/<id> and callback/<id>, none for session, csrf and
 * signout. Why: next-auth normalises every provider it is given on every request; with a thousand integrations
 * that was a thousand URL parses and deep merges per callback.
 */
export async function buildAuthOptions(segments: string[]): Promise<AuthOptions> {
  const [action, providerId] = segments;
  const options = authOptionsForSession();
  if (action === "providers") return { ...options, providers: [credentialsProvider, ...(await ssoProviders()).values()] };
  if ((action === "signin" || action === "callback") && providerId) {
    if (providerId === credentialsProvider.id) return { ...options, providers: [credentialsProvider] };
    const sso = await ssoProvider(providerId);
    return { ...options, providers: sso ? [sso] : [] };
  }
  return { ...options, providers: [] };
}
