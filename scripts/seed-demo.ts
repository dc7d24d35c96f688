// Registers the local demo identity provider as the "demo-idp" integration (development only), unless present.
import { SYSTEM_ACTOR } from "@/lib/audit";
import { db } from "@/lib/db";
import { integrationSchema } from "@/lib/integrations/schema";
import { createIntegration } from "@/lib/integrations/service";

const issuer = process.env.DEMO_IDP_ISSUER ?? "http://127.0.0.1:3001";

if (await db.integration.findUnique({ where: { registrationId: "demo-idp" }, select: { id: true } })) {
  console.log("Demo integration demo-idp already exists.");
} else {
  const input = integrationSchema({ allowInsecureUrls: true }).parse({
    provider: "custom-sso",
    registrationId: "demo-idp",
    clientId: "keyway-demo",
    clientSecret: "keyway-demo-secret",
    authorizationUrl: `${issuer}/auth`,
    jwksUri: `${issuer}/jwks`,
    tokenUri: `${issuer}/token`,
    userInfoUri: `${issuer}/me`,
    issuer,
    clientAuthMethod: "client_secret_post",
    loginButtonText: "Sign in with Demo IdP",
  });
  await createIntegration(SYSTEM_ACTOR, input);
  console.log(`Created the demo integration demo-idp (issuer ${issuer}).`);
}
await db.$disconnect();
