// next-auth options. The route handler builds them per request with the current SSO providers; session reads
// (getServerSession) use the same callbacks without providers.
import "server-only";
import { getServerSession, type AuthOptions } from "next-auth";

type SignInCallback = NonNullable<NonNullable<AuthOptions["callbacks"]>["signIn"]>;
import { cookies } from "next/headers";
import { db, isUniqueViolation } from "@/lib/db";
import { publicUrl } from "@/lib/config";
import { logLine } from "@/lib/log";
import { recordSignInFailure } from "@/lib/integrations/service";
import {
  completeSsoSignIn,
  matchAccount,
  matchSelfLink,
  recordSsoRefusal,
  type MatchResult,
  type SsoIdentity,
} from "./account-matching";
import { mayRecordHealth, noteRefusal } from "./callback-state";
import { safeCallbackPath } from "./callback-url";
import { carriedUser, carryUser } from "./carried-user";
import { credentialsProvider } from "./credentials";
import { linkIntentCookieName, readLinkIntent } from "./link-intent";
import { loadedLinkingSettings, ssoProvider, ssoProviders } from "./provider-registry";
import type { DraftSignIn } from "./draft-provider";
import { type LinkingSettings, linkingSettingsSelect } from "./linking-rules";
import { createSession, isSessionActive, revokeSession, SESSION_ABSOLUTE_LIFETIME_MS } from "./sessions";
import { authSecret } from "./secret";
import { classifyCallbackError, errorPageUrl } from "./sign-in-errors";
import { noteSignInFailure } from "./sign-in-failure";

const SESSION_MAX_AGE_S = 8 * 60 * 60;
// The cookie never outlives the session row's absolute end (the row is what actually decides).
const COOKIE_MAX_AGE_S = Math.min(SESSION_MAX_AGE_S, SESSION_ABSOLUTE_LIFETIME_MS / 1000);
const SESSION_ENDED = "session ended (signed out, revoked or past its absolute lifetime)";

/**
 * The sign-in callback: refusals recorded, the account matched under `linkingFor`'s settings (the loaded live ones,
 * or a draft's for Sign in with draft), the sign-in completed. Returns true or the refusal page.
 */
function ssoSignIn(linkingFor: (registrationId: string) => LinkingSettings | undefined): SignInCallback {
  // The loaded settings, or (an instance that has not loaded this integration) the row's.
  const settingsFor = async (registrationId: string) =>
    linkingFor(registrationId) ??
    (await db.integration.findUnique({ where: { registrationId }, select: linkingSettingsSelect })) ??
    undefined;
  return async ({ user, account }) => {
    if (!account || account.type !== "oauth") return true;
    const registrationId = account.provider;
    if (user.refusal) {
      await recordSsoRefusal(db, registrationId, user.refusal, user.email);
      noteRefusal(user.refusal, user.email);
      return errorPageUrl(user.refusal);
    }
    // SSO providers always set the configured issuer; without it no link could be trusted.
    if (!user.issuer) return errorPageUrl("IDP_ERROR");
    // (next-auth's adapter type also allows a Date here; Keyway has no adapter, SSO users carry a boolean.)
    const emailVerified = typeof user.emailVerified === "boolean" ? user.emailVerified : null;
    // The email as the IdP sent it: next-auth has lower-cased `user.email`, which folds look-alikes (KELVIN
    // SIGN → k) onto someone else's address; matching normalises the claim itself and refuses those.
    const sso = {
      sub: user.id,
      issuer: user.issuer,
      email: user.emailAsSent ?? null,
      emailVerified,
      name: user.name ?? null,
      groups: user.groups ?? [],
    };
    // Read once: matching and completing the sign-in decide under the same settings.
    const settings = await settingsFor(registrationId);
    for (let attempt = 1; ; attempt += 1) {
      const match =
        (await selfLinkMatch(registrationId, sso)) ?? (await matchAccount(db, registrationId, sso, settings));
      if (!match.ok) {
        await recordSsoRefusal(db, registrationId, match.code, match.email);
        noteRefusal(match.code, match.email);
        return errorPageUrl(match.code);
      }
      try {
        const { sessionId, name } = await completeSsoSignIn(db, registrationId, sso, match, settings, account.id_token);
        carryUser(user, { id: match.userId, email: match.email, name, sessionId });
        return true;
      } catch (error) {
        // Two sign-ins of one person at once (two tabs, two replicas) wrote the same row: the link of a first
        // sign-in, or a grant a group mapping adds. Decided again, the other's rows are read and every rule is
        // checked anew (a first sign-in becomes one through the link the other made).
        if (attempt > 1 || !isUniqueViolation(error)) throw error;
      }
    }
  };
}

/**
 * The signIn callback, never throwing: next-auth would put a thrown error's text (a database error, say) in the
 * error page's URL. The error is logged on the server; the person gets the generic refusal page.
 */
function logged(signIn: SignInCallback): SignInCallback {
  return async (params) => {
    try {
      return await signIn(params);
    } catch (error) {
      // The error's last line only: a Prisma error's earlier lines quote the statement's arguments.
      const detail = error instanceof Error ? error.message.trim().split("\n").pop() : error;
      console.error(logLine`[keyway] sign-in through ${params.account?.provider ?? "?"} failed: ${detail}`);
      return errorPageUrl("Default");
    }
  };
}

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
      signIn: logged(ssoSignIn(loadedLinkingSettings)),
      async jwt({ token, user, account }) {
        if (!account || !user) {
          // Every read of the session (pages, API, /api/auth/session) asks the server-side row: a revoked or expired
          // session throws, which next-auth answers as signed out and clears the cookie (issue 6, finding 5).
          if (!(await isSessionActive(db, token.sid, token.uid))) throw new Error(SESSION_ENDED);
          return token;
        }
        // The session names the Keyway user, never the IdP's subject.
        let userId = user.id;
        // The user signIn just matched and the session it opened (no re-read); the lookups below are a fallback.
        const carried = account.type === "oauth" ? carriedUser(user) : undefined;
        if (carried) {
          return {
            uid: carried.id,
            email: carried.email,
            name: carried.name,
            via: account.provider,
            sid: carried.sessionId,
          };
        }
        if (account.type === "oauth") {
          const { issuer = "" } = user;
          const link = await db.account.findUnique({
            where: {
              provider_issuer_providerAccountId: {
                provider: account.provider,
                issuer,
                providerAccountId: account.providerAccountId,
              },
            },
            select: { userId: true },
          });
          if (!link) throw new Error("SSO sign-in without a linked account");
          userId = link.userId;
        }
        const keywayUser = await db.user.findUniqueOrThrow({
          where: { id: userId },
          select: { id: true, email: true, name: true },
        });
        const sid = await createSession(db, keywayUser.id);
        return { uid: keywayUser.id, email: keywayUser.email, name: keywayUser.name, via: account.provider, sid };
      },
      async session({ session, token }) {
        session.user = { id: token.uid, email: token.email, name: token.name };
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
        const meta = metadata as
          { error?: Error & { code?: unknown }; providerId?: string; message?: string } | undefined;
        const message = meta?.error?.message ?? meta?.message ?? String(code);
        if (code === "JWT_SESSION_ERROR" && message === SESSION_ENDED) return; // an ended session is not an error
        // Log the code and message only: never request bodies, tokens or client secrets.
        console.error(
          logLine`[next-auth] ${code}${meta?.providerId ? ` provider=${meta.providerId}` : ""}: ${message}`,
        );
        if (meta?.providerId && meta.providerId !== "credentials") {
          const failure = classifyCallbackError(message, meta.error?.code);
          noteSignInFailure(failure);
          // Health only from a callback that carried this browser's state cookie (callback-state.ts).
          const providerId = meta.providerId;
          void mayRecordHealth(providerId)
            .then((may) => (may ? recordSignInFailure(providerId, failure) : undefined))
            .catch(() => undefined);
        }
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(logLine`[next-auth] warning ${code}`);
      },
      debug() {},
    },
  };
}

/** The request's cookies, or null outside an HTTP request (next/headers throws there). */
async function requestCookies() {
  try {
    return await cookies();
  } catch {
    return null;
  }
}

/**
 * Link single sign-on: when this browser carries a link intent, the identity is linked to the intent's user — only
 * if the intent verifies, names this integration and the current session is still that user. Null: no intent.
 */
async function selfLinkMatch(registrationId: string, sso: SsoIdentity): Promise<MatchResult | null> {
  // Outside an HTTP request (the CLI, tests) there is no browser and so no link intent: the normal rules apply.
  const jar = await requestCookies();
  const token = jar?.get(linkIntentCookieName())?.value;
  if (!token) return null;
  // One use only, whatever the outcome.
  jar?.delete(linkIntentCookieName());
  const intent = await readLinkIntent(token);
  const session = await getServerSession(authOptionsForSession());
  const sessionUserId = (session?.user as { id?: string } | undefined)?.id;
  // Why: a stolen or stale intent must not link an identity to someone other than the person signed in now.
  if (!intent || intent.registrationId !== registrationId || !sessionUserId || intent.userId !== sessionUserId) {
    return { ok: false, code: "LINK_INTENT_INVALID", email: sso.email };
  }
  return matchSelfLink(db, registrationId, sso, intent.userId);
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
export async function buildAuthOptions(
  segments: string[],
  { draft }: { draft?: DraftSignIn | null } = {},
): Promise<AuthOptions> {
  const [action, providerId] = segments;
  const options = authOptionsForSession();
  // Sign in with draft (this browser's admin asked for it): the draft's provider and linking settings, this time only.
  if (draft) {
    const signIn = logged(ssoSignIn(() => draft.linking));
    return { ...options, providers: [draft.provider], callbacks: { ...options.callbacks, signIn } };
  }
  if (action === "providers")
    return { ...options, providers: [credentialsProvider, ...(await ssoProviders()).values()] };
  if ((action === "signin" || action === "callback") && providerId) {
    if (providerId === credentialsProvider.id) return { ...options, providers: [credentialsProvider] };
    const sso = await ssoProvider(providerId);
    return { ...options, providers: sso ? [sso] : [] };
  }
  return { ...options, providers: [] };
}
