// Test support: real test IdPs (oidc-provider) in the configurations the connection checks must tell apart,
// and a listening socket that never answers. Used by the checks' tests only.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { startIdp, type IdpClient, type RunningIdp } from "../../../tools/test-idp/server";
import type { CheckTarget } from "./types";

export const REDIRECT_URI = "http://127.0.0.1:3999/api/auth/callback/acme";
export const POST_CLIENT: IdpClient = {
  clientId: "post-client",
  clientSecret: "post-secret-Zq8!",
  authMethod: "client_secret_post",
  redirectUris: [REDIRECT_URI],
};

/** A strict IdP (refuses the unregistered auth method), optionally with an unusable JWK Set. */
export function startTestIdp(options: { unusableJwks?: boolean } = {}): Promise<RunningIdp> {
  return startIdp({ port: 0, clients: [POST_CLIENT], strictClientAuth: true, ...options });
}

/** The values a correctly configured integration for `idp` would hold. */
export function targetFor(idp: RunningIdp, overrides: Partial<CheckTarget> = {}): CheckTarget {
  return {
    clientId: POST_CLIENT.clientId,
    clientSecret: POST_CLIENT.clientSecret,
    clientAuthMethod: "client_secret_post",
    authorizationUrl: idp.authorizationUrl,
    tokenUri: idp.tokenUrl,
    userInfoUri: idp.userinfoUrl,
    jwksUri: idp.jwksUri,
    issuer: idp.issuer,
    redirectUri: REDIRECT_URI,
    ...overrides,
  };
}

/** Accepts TCP connections and never answers a byte: the "IdP hangs" case. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function silentTarget(url: string): CheckTarget {
  return {
    clientId: "c",
    clientSecret: "s",
    clientAuthMethod: "client_secret_post",
    redirectUri: REDIRECT_URI,
    authorizationUrl: `${url}/auth`,
    tokenUri: `${url}/token`,
    userInfoUri: `${url}/me`,
    jwksUri: `${url}/jwks`,
    issuer: url,
  };
}
