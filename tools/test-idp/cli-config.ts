import { z } from "zod";
import type { IdpClient, IdpOptions } from "./types";

export const DEFAULT_PORT = 3001;

export const DEMO_CLIENT: IdpClient = {
  clientId: "keyway-demo",
  clientSecret: "keyway-demo-secret",
  authMethod: "client_secret_post",
  redirectUris: [
    "http://127.0.0.1:3000/api/auth/callback/demo-idp",
    "http://localhost:3000/api/auth/callback/demo-idp",
    "http://127.0.0.1:3000/api/integrations/test-sign-in/callback",
    "http://localhost:3000/api/integrations/test-sign-in/callback",
  ],
};

const clientsSchema = z
  .array(
    z.object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      authMethod: z.enum(["client_secret_post", "client_secret_basic"]),
      redirectUris: z.array(z.url()).min(1),
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

/** IDP_PORT (default 3001), IDP_CLIENTS (JSON array, default the demo client), IDP_TEST_API=1. */
export function readCliOptions(env: NodeJS.ProcessEnv): IdpOptions {
  const port = portSchema.safeParse(env.IDP_PORT || DEFAULT_PORT);
  if (!port.success) throw new Error(`IDP_PORT is invalid: ${env.IDP_PORT}`);
  return {
    port: port.data,
    clients: env.IDP_CLIENTS ? parseClients(env.IDP_CLIENTS) : [DEMO_CLIENT],
    exposeTestApi: env.IDP_TEST_API === "1",
  };
}
