import { z } from "zod";
import { type IdpClient, type IdpOptions, SIGNING_ALGS } from "./types";

export const DEFAULT_PORT = 3001;

/**
 * The demo integration's client. Its only Redirect URI is the integration's own (`npm run dev` passes Keyway's URL
 * as DEMO_APP_URL): sign-in and Test sign-in both come back there.
 */
export function demoClient(appUrl = "http://127.0.0.1:3000"): IdpClient {
  const { port, protocol } = new URL(appUrl);
  const hosts = new Set([new URL(appUrl).host, `127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    clientId: "keyway-demo",
    clientSecret: "keyway-demo-secret",
    authMethod: "client_secret_post",
    redirectUris: [...hosts].map((host) => `${protocol}//${host}/api/auth/callback/demo-idp`),
    postLogoutRedirectUris: [...hosts].map((host) => `${protocol}//${host}/signin?signed_out=1`),
    backchannelLogoutUri: `${appUrl.replace(/\/+$/, "")}/api/auth/backchannel-logout/demo-idp`,
  };
}

const clientsSchema = z
  .array(
    z.object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      authMethod: z.enum(["client_secret_post", "client_secret_basic", "private_key_jwt"]),
      redirectUris: z.array(z.url()).min(1),
      jwksUri: z.url().optional(),
      postLogoutRedirectUris: z.array(z.url()).optional(),
      backchannelLogoutUri: z.url().optional(),
    }),
  )
  .min(1);

const portSchema = z.coerce.number().int().min(0).max(65535);

function parseClients(raw: string): IdpClient[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`IDP_CLIENTS is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = clientsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`IDP_CLIENTS is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const algSchema = z.enum(SIGNING_ALGS);

/**
 * IDP_PORT (default 3001), IDP_CLIENTS (JSON array, default the demo client for DEMO_APP_URL), IDP_TEST_API=1,
 * IDP_SIGNING_ALG (RS256, ES256 or EdDSA; default RS256).
 */
export function readCliOptions(env: NodeJS.ProcessEnv): IdpOptions {
  const port = portSchema.safeParse(env.IDP_PORT || DEFAULT_PORT);
  if (!port.success) throw new Error(`IDP_PORT is invalid: ${env.IDP_PORT}`);
  const alg = algSchema.safeParse(env.IDP_SIGNING_ALG || "RS256");
  if (!alg.success)
    throw new Error(`IDP_SIGNING_ALG must be one of ${SIGNING_ALGS.join(", ")}: ${env.IDP_SIGNING_ALG}`);
  return {
    port: port.data,
    clients: env.IDP_CLIENTS ? parseClients(env.IDP_CLIENTS) : [demoClient(env.DEMO_APP_URL || undefined)],
    exposeTestApi: env.IDP_TEST_API === "1",
    signingAlg: alg.data,
  };
}
