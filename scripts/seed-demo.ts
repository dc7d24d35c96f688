// Registers the local demo identity provider as the "demo-idp" integration (development only), unless present.
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit";
import { db } from "@/lib/db";
import { integrationSchema } from "@/lib/integrations/schema";
import { createIntegration } from "@/lib/integrations/service";

const issuer = process.env.DEMO_IDP_ISSUER ?? "http://127.0.0.1:3001";
// The bootstrap admin sets the demo integration up: email linking through an integration reaches only accounts
// within its configurer's authorities (issue 6), so the README's "admin signs in through the demo IdP" works.
const adminEmail = (process.env.KEYWAY_ADMIN_EMAIL || "admin@keyway.local").trim().toLowerCase();
const admin = await db.user.findUnique({ where: { email: adminEmail }, select: { id: true, email: true } });
const actor: Actor = admin ?? SYSTEM_ACTOR;

const existing = await db.integration.findUnique({
  where: { registrationId: "demo-idp" },
  select: { id: true, identityConfiguredById: true },
});
if (existing) {
  // A demo database from before issue 6 has no configurer: the bootstrap admin takes it (development data only).
  if (!existing.identityConfiguredById && admin) {
    await db.integration.update({ where: { id: existing.id }, data: { identityConfiguredById: admin.id } });
  }
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
    // Sign out reaches the demo IdP too (its client registers Keyway's post-logout and back-channel URIs).
    endSessionUri: `${issuer}/session/end`,
    rpInitiatedLogout: true,
  });
  await createIntegration(actor, input);
  console.log(`Created the demo integration demo-idp (issuer ${issuer}).`);
}
await db.$disconnect();
