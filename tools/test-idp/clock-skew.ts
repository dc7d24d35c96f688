import type { Middleware } from "oidc-provider";

// A test IdP whose clock is off: every answer's Date header, and (key-ring.ts reissueIdTokens) the id_token's time
// claims, are shifted by `skewS` seconds, as an IdP with a wrong system clock would send them.

export type IdpClock = { skewS: number };

/** The largest skew the test API accepts (an hour either way). */
export const MAX_SKEW_S = 3600;

export function createIdpClock(): IdpClock {
  return { skewS: 0 };
}

/** Sets the Date header from the skewed clock on every answer but the test API's. */
export function skewedDateHeader(clock: IdpClock): Middleware {
  return async (ctx, next) => {
    await next();
    if (clock.skewS !== 0 && !ctx.path.startsWith("/__test"))
      ctx.set("Date", new Date(Date.now() + clock.skewS * 1000).toUTCString());
  };
}
