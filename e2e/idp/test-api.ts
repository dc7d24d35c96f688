import type { Middleware } from "oidc-provider";
import type { TokenRequestLog } from "./token-request-log";

export const TOKEN_REQUESTS_PATH = "/__test/token-requests";

/** GET lists, DELETE clears the token-request log, for tests running in another process. */
export function testApi(log: TokenRequestLog): Middleware {
  return async (ctx, next) => {
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
