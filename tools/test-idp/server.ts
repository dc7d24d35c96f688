import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Provider } from "oidc-provider";
import { buildConfiguration, ROUTES } from "./configuration";
import { hostileTokens, type HostileSwitch } from "./hostile";
import { createIdpClock, skewedDateHeader } from "./clock-skew";
import { changedIssuer, createIdpChanges, switchedClientSecrets } from "./idp-changes";
import { createKeyRing, keyRingRoutes, reissueIdTokens } from "./key-ring";
import { generateCookieKeys, generateSigningJwk } from "./keys";
import { logoutTokenApi } from "./logout-tokens";
import { normalizeLogin } from "./normalize-login";
import { strictClientAuth } from "./strict-client-auth";
import { stripWebFonts } from "./strip-web-fonts";
import { testApi } from "./test-api";
import { createTokenRequestLog, recordTokenRequests } from "./token-request-log";
import type { IdpOptions, RunningIdp } from "./types";
import { unusableJwks } from "./unusable-jwks";

export type { IdpClient, IdpOptions, RunningIdp, TokenRequestRecord } from "./types";

const DEFAULT_HOST = "127.0.0.1";

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Why: keep-alive sockets (fetch, browsers) would otherwise hold close() open.
    server.closeAllConnections();
  });
}

/** Starts an OpenID Provider (oidc-provider) on plain http; port 0 picks a free port. */
export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  const host = options.host ?? DEFAULT_HOST;
  // Kept here (not only in the configuration) so hostile mode can re-sign id_tokens with the real key.
  const signingJwk = await generateSigningJwk(options.signingAlg);
  const configuration = buildConfiguration({
    clients: options.clients,
    signingJwk,
    cookieKeys: generateCookieKeys(),
  });
  const log = createTokenRequestLog();

  // Listen first so the issuer can carry the real port when port 0 is asked for.
  const server = createServer();
  const port = await listen(server, options.port, host);
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const issuer = options.issuer ?? origin;

  let provider: Provider;
  try {
    provider = new Provider(issuer, configuration);
  } catch (error) {
    await stop(server);
    throw error;
  }
  let latencyMs = 0;
  // First in the chain, so every answer (token, JWKS, userinfo, pages) waits; the test API never does.
  provider.use(async (ctx, next) => {
    if (latencyMs > 0 && !ctx.path.startsWith("/__test")) await new Promise((r) => setTimeout(r, latencyMs));
    await next();
  });
  provider.use(stripWebFonts);
  if (options.exposeTestApi) {
    // Why: hostile mode exists only behind the test API; the demo IdP never tampers with a token.
    const hostile: HostileSwitch = { mode: "none" };
    const ring = createKeyRing(signingJwk);
    const changes = createIdpChanges();
    const clock = createIdpClock();
    provider.use(testApi(log, hostile, ring, changes, clock));
    provider.use(logoutTokenApi(ring, issuer));
    provider.use(skewedDateHeader(clock));
    // Rotated client secrets and a changed issuer, as an IdP's admin would make them (idp-changes.ts).
    provider.use(changedIssuer(changes));
    provider.use(switchedClientSecrets(ROUTES.token, changes, options.clients));
    provider.use(keyRingRoutes(ROUTES.jwks, ring));
    // A getter: after a rotation, hostile mode tampers with tokens signed by the current key.
    provider.use(
      hostileTokens(ROUTES.token, hostile, {
        get signingJwk() {
          return ring.current;
        },
        issuer,
      }),
    );
    // Inside hostileTokens, so a rotated (or clock-skewed) token is re-signed first and then (maybe) tampered with.
    provider.use(reissueIdTokens(ROUTES.token, ring, clock));
  }
  if (options.strictClientAuth) provider.use(strictClientAuth(ROUTES.token, options.clients));
  if (options.unusableJwks) provider.use(await unusableJwks(ROUTES.jwks));
  provider.use(normalizeLogin);
  provider.use(recordTokenRequests(ROUTES.token, log));
  server.on("request", provider.callback());

  let closing: Promise<void> | undefined;
  return {
    issuer,
    jwksUri: `${origin}${ROUTES.jwks}`,
    authorizationUrl: `${origin}${ROUTES.authorization}`,
    tokenUrl: `${origin}${ROUTES.token}`,
    userinfoUrl: `${origin}${ROUTES.userinfo}`,
    endSessionUrl: `${origin}${ROUTES.end_session}`,
    tokenRequests: () => log.list(),
    setLatency: (ms) => {
      latencyMs = Math.max(0, Math.min(ms, 10_000));
    },
    close: () => (closing ??= stop(server)),
  };
}
