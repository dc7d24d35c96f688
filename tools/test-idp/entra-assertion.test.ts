// The test IdP's private_key_jwt client, as Entra behaves: it fetches the client's JWKS (here a local server) and
// accepts an assertion only when its header carries the x5t of a published certificate. A token request with a
// made-up code tells them apart: invalid_grant once the client is authenticated, invalid_client before.
import assert from "node:assert/strict";
import { createPrivateKey, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import { certificateFacts, generateClientKey, publicJwk } from "../../lib/integrations/client-keys/certificate";
import { startIdp, type RunningIdp } from "./server";

describe("test IdP: private_key_jwt with x5t required", () => {
  let idp: RunningIdp;
  let jwksServer: Server;
  let key: Awaited<ReturnType<typeof generateClientKey>>;
  before(async () => {
    key = await generateClientKey("Keyway test");
    const body = JSON.stringify({ keys: [publicJwk(key.certificatePem)] });
    jwksServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
    const { port } = jwksServer.address() as AddressInfo;
    idp = await startIdp({
      port: 0,
      clients: [
        {
          clientId: "pkjwt-client",
          clientSecret: "unused",
          authMethod: "private_key_jwt",
          redirectUris: ["http://127.0.0.1:3999/api/auth/callback/pkjwt"],
          jwksUri: `http://127.0.0.1:${port}/jwks`,
        },
      ],
    });
  });
  after(async () => {
    await idp.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  async function tokenRequest(header: Record<string, string>) {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", ...header })
      .setIssuer("pkjwt-client")
      .setSubject("pkjwt-client")
      .setAudience(idp.tokenUrl)
      .setJti(randomBytes(8).toString("hex"))
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(createPrivateKey(key.privateKeyPem));
    const res = await fetch(idp.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "not-a-real-code",
        redirect_uri: "http://127.0.0.1:3999/api/auth/callback/pkjwt",
        code_verifier: randomBytes(32).toString("base64url"),
        client_id: "pkjwt-client",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      }),
    });
    return ((await res.json()) as { error: string }).error;
  }

  it("accepts the assertion with the certificate's x5t (the code is then refused)", async () => {
    const facts = certificateFacts(key.certificatePem);
    assert.equal(await tokenRequest({ kid: facts.kid, x5t: facts.x5t, "x5t#S256": facts.x5tS256 }), "invalid_grant");
  });

  it("refuses it without x5t, or with an x5t that names no published certificate", async () => {
    const { kid } = certificateFacts(key.certificatePem);
    assert.equal(await tokenRequest({ kid }), "invalid_client");
    assert.equal(await tokenRequest({ kid, x5t: randomBytes(20).toString("base64url") }), "invalid_client");
  });
});
