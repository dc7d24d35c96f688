import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import { type IdpClock, MAX_SKEW_S } from "./clock-skew";
import { CLIENT_SECRETS_PATH, type IdpChanges, idpChangesApi, ISSUER_PATH } from "./idp-changes";
import { GROUPS_PATH, groupsApi } from "./groups";
import { type HostileSwitch, isHostileMode } from "./hostile";
import { type KeyRing, rotateKey } from "./key-ring";
import { readRawBody } from "./request-body";
import type { TokenRequestLog } from "./token-request-log";

export const TOKEN_REQUESTS_PATH = "/__test/token-requests";
export const HOSTILE_PATH = "/__test/hostile";
export const KEYS_PATH = "/__test/keys";
export const JWKS_SWITCH_PATH = "/__test/jwks";
export const FETCH_COUNTS_PATH = "/__test/fetch-counts";
export const CLOCK_PATH = "/__test/clock";

// Why: a mode switch is a few bytes; refuse anything bigger outright.
const HOSTILE_BODY_LIMIT = 1024;

async function hostileApi(ctx: KoaContextWithOIDC, hostile: HostileSwitch): Promise<void> {
  if (ctx.method === "PUT") {
    let mode: unknown;
    let clientId: unknown;
    try {
      ({ mode, clientId } = (JSON.parse((await readRawBody(ctx.req, HOSTILE_BODY_LIMIT)).toString("utf8")) ?? {}) as {
        mode?: unknown;
        clientId?: unknown;
      });
    } catch (error) {
      if ((error as { status?: number }).status === 413) throw error;
    }
    if (!isHostileMode(mode)) {
      ctx.status = 400;
      ctx.body = { error: "mode must be one of the hostile modes" };
      return;
    }
    hostile.mode = mode;
    hostile.clientId = typeof clientId === "string" && clientId ? clientId : undefined;
  } else if (ctx.method !== "GET") {
    ctx.set("Allow", "GET, PUT");
    ctx.status = 405;
    return;
  }
  ctx.body = { mode: hostile.mode };
}

/** A small JSON object body, or null when it is empty or not JSON (a body over the limit still answers 413). */
async function smallJson(ctx: KoaContextWithOIDC): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse((await readRawBody(ctx.req, HOSTILE_BODY_LIMIT)).toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if ((error as { status?: number }).status === 413) throw error;
    return null;
  }
}

/**
 * POST /__test/keys rotates the signing key (body `{ "sameKid": true }`: a new key under the same kid;
 * `{ "retire": true }`: the old key leaves the JWKS); PUT /__test/jwks `{ down }`; GET/DELETE /__test/fetch-counts.
 */
async function keyRingApi(ctx: KoaContextWithOIDC, ring: KeyRing): Promise<void> {
  const allow = (methods: string) => {
    ctx.set("Allow", methods);
    ctx.status = 405;
  };
  if (ctx.path === KEYS_PATH) {
    if (ctx.method !== "POST") return allow("POST");
    const body = await smallJson(ctx);
    const sameKid = body?.sameKid === true;
    const retire = body?.retire === true;
    ctx.body = { kid: (await rotateKey(ring, { sameKid, retire })).kid, sameKid };
  } else if (ctx.path === JWKS_SWITCH_PATH) {
    if (ctx.method !== "PUT") return allow("PUT");
    let down: unknown;
    try {
      down = (
        JSON.parse((await readRawBody(ctx.req, HOSTILE_BODY_LIMIT)).toString("utf8")) as { down?: unknown } | null
      )?.down;
    } catch (error) {
      if ((error as { status?: number }).status === 413) throw error;
    }
    if (typeof down !== "boolean") {
      ctx.status = 400;
      ctx.body = { error: "down must be true or false" };
      return;
    }
    ring.jwksDown = down;
    ctx.body = { down };
  } else if (ctx.method === "GET") {
    ctx.body = { ...ring.counts };
  } else if (ctx.method === "DELETE") {
    ring.counts.jwks = 0;
    ring.counts.discovery = 0;
    ctx.status = 204;
  } else {
    allow("GET, DELETE");
  }
}

/** GET reads, PUT `{ skewS }` sets how many seconds the IdP's clock is off (clock-skew.ts). */
async function clockApi(ctx: KoaContextWithOIDC, clock: IdpClock): Promise<void> {
  if (ctx.method === "PUT") {
    const skewS = (await smallJson(ctx))?.skewS;
    if (typeof skewS !== "number" || !Number.isInteger(skewS) || Math.abs(skewS) > MAX_SKEW_S) {
      ctx.status = 400;
      ctx.body = { error: `skewS must be a whole number of seconds within ±${MAX_SKEW_S}` };
      return;
    }
    clock.skewS = skewS;
  } else if (ctx.method !== "GET") {
    ctx.set("Allow", "GET, PUT");
    ctx.status = 405;
    return;
  }
  ctx.body = { skewS: clock.skewS };
}

/**
 * For tests running in another process: GET lists, DELETE clears the token-request log;
 * GET reads, PUT `{ mode }` sets the hostile mode (see hostile.ts); key ring and clock switches above.
 */
export function testApi(
  log: TokenRequestLog,
  hostile: HostileSwitch,
  ring: KeyRing,
  changes: IdpChanges,
  clock: IdpClock,
): Middleware {
  return async (ctx, next) => {
    if (ctx.path === CLIENT_SECRETS_PATH || ctx.path === ISSUER_PATH) {
      ctx.set("Cache-Control", "no-store");
      return idpChangesApi(ctx, changes);
    }
    if (ctx.path === CLOCK_PATH) {
      ctx.set("Cache-Control", "no-store");
      return clockApi(ctx, clock);
    }
    if (ctx.path === KEYS_PATH || ctx.path === JWKS_SWITCH_PATH || ctx.path === FETCH_COUNTS_PATH) {
      ctx.set("Cache-Control", "no-store");
      return keyRingApi(ctx, ring);
    }
    if (ctx.path === HOSTILE_PATH) {
      ctx.set("Cache-Control", "no-store");
      return hostileApi(ctx, hostile);
    }
    if (ctx.path === GROUPS_PATH) {
      ctx.set("Cache-Control", "no-store");
      return groupsApi(ctx);
    }
    if (ctx.path !== TOKEN_REQUESTS_PATH) return next();
    ctx.set("Cache-Control", "no-store");
    if (ctx.method === "GET") {
      ctx.body = log.list();
    } else if (ctx.method === "DELETE") {
      log.clear();
      ctx.status = 204;
    } else {
      ctx.set("Allow", "GET, DELETE");
      ctx.status = 405;
    }
  };
}
