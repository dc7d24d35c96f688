// Test-only: integrations with SCIM switched on, and a SCIM client that calls the route's handler in-process.
import type { TestDb } from "../testing/test-db";
import { handleScimRequest } from "./handler";
import { enableScim } from "./token";

export const BASE = "http://127.0.0.1/api/scim/v2";

export async function makeIntegration(t: TestDb, registrationId: string, configurerId: string, domains: string[] = []) {
  return t.db.integration.create({
    data: {
      registrationId,
      clientId: "c",
      clientSecretSealed: "x",
      authorizationUrl: "https://idp.test/auth",
      jwksUri: "https://idp.test/jwks",
      tokenUri: "https://idp.test/token",
      userInfoUri: "https://idp.test/userinfo",
      issuer: "https://idp.test",
      loginButtonText: registrationId,
      identityConfiguredById: configurerId,
      emailDomains: { create: domains.map((domain) => ({ domain })) },
    },
    select: { id: true },
  });
}

export type ScimClient = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Record<string, unknown> & { [k: string]: unknown }; headers: Headers }>;

export function scimClient(t: TestDb, registrationId: string, token: string): ScimClient {
  return async (method, path, body, headers = {}) => {
    const url = `${BASE}/${registrationId}${path}`;
    const request = new Request(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { "content-type": "application/scim+json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const segments = new URL(url).pathname.split("/").slice(5).filter(Boolean).map(decodeURIComponent);
    const response = await handleScimRequest(request, registrationId, segments, {
      db: t.db,
      baseUrl: `${BASE}/${registrationId}`,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
  };
}

export async function enabledClient(t: TestDb, registrationId: string, actorId: string) {
  const { token } = await enableScim({ id: actorId, email: "admin@corp.test" }, registrationId, { db: t.db });
  return { token, scim: scimClient(t, registrationId, token) };
}
