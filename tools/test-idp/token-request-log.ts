import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import { decodeProtectedHeader } from "jose";
import { peekBody } from "./request-body";
import type { TokenRequestRecord } from "./types";

export type TokenRequestLog = {
  record(entry: Omit<TokenRequestRecord, "at">): void;
  list(): TokenRequestRecord[];
  clear(): void;
};

export function createTokenRequestLog(): TokenRequestLog {
  let entries: TokenRequestRecord[] = [];
  return {
    record: (entry) => {
      entries.push({ ...entry, at: new Date().toISOString() });
    },
    list: () => entries.map((entry) => ({ ...entry })),
    clear: () => {
      entries = [];
    },
  };
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, "%20"));
  } catch {
    return value;
  }
}

/** Client id from an `Authorization: Basic …` header, or undefined when there is none. */
export function basicAuthClientId(authorization: string): string | undefined {
  const match = /^basic\s+(\S*)\s*$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return formDecode(colon === -1 ? decoded : decoded.slice(0, colon));
}

/** What client authentication the token request actually carried (not what oidc-provider accepted). */
export async function inspectTokenRequest(ctx: KoaContextWithOIDC): Promise<Omit<TokenRequestRecord, "at">> {
  const basicClientId = basicAuthClientId(ctx.get("authorization"));
  if (basicClientId !== undefined) return { clientId: basicClientId, method: "client_secret_basic" };
  if (!ctx.is("application/x-www-form-urlencoded")) return { clientId: "", method: "none" };
  const form = new URLSearchParams((await peekBody(ctx)).toString("utf8"));
  const clientId = form.get("client_id") ?? "";
  const assertion = form.get("client_assertion");
  if (assertion !== null) return { clientId, method: "private_key_jwt", assertion: assertionHeader(assertion) };
  return { clientId, method: form.has("client_secret") ? "client_secret_post" : "none" };
}

/** The key names in a client assertion's header (not verified here: oidc-provider does that). */
function assertionHeader(assertion: string): TokenRequestRecord["assertion"] {
  try {
    const header = decodeProtectedHeader(assertion);
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return { kid: text(header.kid), x5t: text(header.x5t), "x5t#S256": text(header["x5t#S256"]) };
  } catch {
    return {};
  }
}

/** Koa middleware (mounted before oidc-provider's router) that logs each token request. */
export function recordTokenRequests(tokenPath: string, log: TokenRequestLog): Middleware {
  return async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === tokenPath) {
      log.record(await inspectTokenRequest(ctx));
    }
    await next();
  };
}
