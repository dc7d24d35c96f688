import type { Middleware } from "oidc-provider";
import { inspectTokenRequest } from "./token-request-log";
import type { IdpClient } from "./types";

// oidc-provider v9 accepts either secret method whatever the client registered. Real IdPs (Entra, Okta, Auth0)
// refuse the other one; this middleware makes the test IdP do the same, so Keyway's check can tell them apart.
export function strictClientAuth(tokenPath: string, clients: IdpClient[]): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== tokenPath) return next();
    const { clientId, method } = await inspectTokenRequest(ctx);
    const client = clients.find((c) => c.clientId === clientId);
    if (client && method !== "none" && method !== client.authMethod) {
      ctx.status = 401;
      ctx.set("WWW-Authenticate", 'Basic realm="test-idp", error="invalid_client"');
      ctx.body = {
        error: "invalid_client",
        error_description: `client is registered for ${client.authMethod}, not ${method}`,
      };
      return;
    }
    return next();
  };
}
