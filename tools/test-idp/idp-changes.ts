import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import { putBody, readRawBody, takeBody } from "./request-body";
import { basicAuthClientId } from "./token-request-log";
import type { IdpClient } from "./types";

// Changes a real IdP goes through while a relying party keeps running: the client secret it accepts is rotated
// (old and new accepted side by side, then only the new), and its discovery document starts naming another issuer.
// Tests switch them through the test API (test-api.ts) to prove Keyway's rotation and drift watch.

export const CLIENT_SECRETS_PATH = "/__test/client-secrets";
export const ISSUER_PATH = "/__test/issuer";
const DISCOVERY_PATH = "/.well-known/openid-configuration";
const BODY_LIMIT = 4096;

export type IdpChanges = {
  /** Per client id: the secrets the token endpoint accepts now (absent: the registered one). */
  acceptedSecrets: Map<string, string[]>;
  /** The issuer the discovery document names (absent: the real one). */
  issuer?: string;
};

export const createIdpChanges = (): IdpChanges => ({ acceptedSecrets: new Map() });

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
const formDecode = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/\+/g, "%20"));
  } catch {
    return value;
  }
};

function refuse(ctx: KoaContextWithOIDC): void {
  ctx.status = 401;
  ctx.set("WWW-Authenticate", 'Basic realm="test-idp", error="invalid_client"');
  ctx.body = { error: "invalid_client", error_description: "client authentication failed" };
}

/**
 * On the token endpoint: a client with a switched secret list is refused (invalid_client) unless it presents one of
 * those secrets; an accepted one is swapped for the registered secret, so oidc-provider goes on as usual.
 */
export function switchedClientSecrets(tokenPath: string, changes: IdpChanges, clients: IdpClient[]): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== tokenPath || changes.acceptedSecrets.size === 0) return next();
    const basic = basicAuthClientId(ctx.get("authorization"));
    if (basic !== undefined) {
      const accepted = changes.acceptedSecrets.get(basic);
      const client = clients.find((c) => c.clientId === basic);
      if (!accepted || !client) return next();
      const decoded = Buffer.from(ctx.get("authorization").replace(/^basic\s+/i, ""), "base64").toString("utf8");
      const secret = formDecode(decoded.slice(decoded.indexOf(":") + 1));
      if (!accepted.includes(secret)) return refuse(ctx);
      const registered = `${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`;
      ctx.req.headers.authorization = `Basic ${Buffer.from(registered).toString("base64")}`;
      return next();
    }
    if (!ctx.is("application/x-www-form-urlencoded")) return next();
    const body = await takeBody(ctx);
    const form = new URLSearchParams(body.toString("utf8"));
    const clientId = form.get("client_id") ?? "";
    const accepted = changes.acceptedSecrets.get(clientId);
    const client = clients.find((c) => c.clientId === clientId);
    if (!accepted || !client || !form.has("client_secret")) {
      putBody(ctx, body);
      return next();
    }
    if (!accepted.includes(form.get("client_secret") ?? "")) return refuse(ctx);
    form.set("client_secret", client.clientSecret);
    putBody(ctx, Buffer.from(form.toString()));
    return next();
  };
}

/** The discovery document names `changes.issuer` while it is set. */
export function changedIssuer(changes: IdpChanges): Middleware {
  return async (ctx, next) => {
    await next();
    if (!changes.issuer || ctx.method !== "GET" || ctx.path !== DISCOVERY_PATH || ctx.status !== 200) return;
    ctx.body = { ...(ctx.body as Record<string, unknown>), issuer: changes.issuer };
  };
}

async function jsonBody(ctx: KoaContextWithOIDC): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse((await readRawBody(ctx.req, BODY_LIMIT)).toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if ((error as { status?: number }).status === 413) throw error;
    return null;
  }
}

/**
 * PUT /__test/client-secrets `{ clientId, accept: [secrets] }` (accept null: the registered secret again);
 * PUT /__test/issuer `{ issuer }` (null: the real one).
 */
export async function idpChangesApi(ctx: KoaContextWithOIDC, changes: IdpChanges): Promise<void> {
  if (ctx.method !== "PUT") {
    ctx.set("Allow", "PUT");
    ctx.status = 405;
    return;
  }
  const body = await jsonBody(ctx);
  if (ctx.path === CLIENT_SECRETS_PATH) {
    const accept = body?.accept;
    if (
      typeof body?.clientId !== "string" ||
      !(accept === null || (Array.isArray(accept) && accept.every((s) => typeof s === "string")))
    ) {
      ctx.status = 400;
      ctx.body = { error: "send { clientId, accept: string[] | null }" };
      return;
    }
    if (accept === null) changes.acceptedSecrets.delete(body.clientId);
    else changes.acceptedSecrets.set(body.clientId, accept as string[]);
    ctx.body = { clientId: body.clientId, accept };
    return;
  }
  const issuer = body?.issuer;
  if (!(issuer === null || (typeof issuer === "string" && URL.canParse(issuer)))) {
    ctx.status = 400;
    ctx.body = { error: "send { issuer: URL | null }" };
    return;
  }
  changes.issuer = issuer ?? undefined;
  ctx.body = { issuer };
}
