// Reads of integrations with named selects. Only loadIntegrationWithSecret() and loadEnabledIntegrationsForAuth()
// read the sealed secret column (for the server's own requests to the IdP; callers unseal it there), and broken.ts,
// which only tries whether it opens.
import "server-only";
import { type Db, db } from "@/lib/db";

/** The claim settings (scopes, parameters, claims, name update, requirement) of an integration. */
export const CLAIM_SETTINGS_SELECT = {
  scopes: true,
  authorizationParams: true,
  emailClaim: true,
  nameClaim: true,
  groupsClaim: true,
  updateNameOnSignIn: true,
  signInRequirement: true,
} as const;

export const loginButtonSelect = { registrationId: true, loginButtonText: true } as const;

export const integrationListSelect = {
  id: true,
  registrationId: true,
  provider: true,
  clientId: true,
  loginButtonText: true,
  clientAuthMethod: true,
  issuer: true,
  enabled: true,
  createdByEmail: true,
  createdAt: true,
  lastSignInAt: true,
  lastFailureAt: true,
  lastFailureCode: true,
  trustEmailAddresses: true,
  showOnSignInScreen: true,
  emailDomains: { select: { domain: true }, orderBy: { domain: "asc" } },
} as const;

/**
 * Public sign-in page data: Registration ID and button text of the enabled integrations shown on the sign-in
 * screen, nothing else. Hidden ones are filtered in the query, so a thousand hidden integrations cost no rows.
 */
export function listLoginButtons() {
  return db.integration.findMany({
    where: { enabled: true, showOnSignInScreen: true },
    select: loginButtonSelect,
    orderBy: { createdAt: "asc" },
  });
}

/** Whether the sign-in screen offers "Continue with SSO": some enabled integration owns an email domain (one row). */
export async function hasEmailDomainRouting(): Promise<boolean> {
  const row = await db.integrationDomain.findFirst({
    where: { integration: { enabled: true } },
    select: { domain: true },
  });
  return row !== null;
}

export function listIntegrations() {
  return db.integration.findMany({ select: integrationListSelect, orderBy: { createdAt: "asc" } });
}
export type IntegrationListItem = Awaited<ReturnType<typeof listIntegrations>>[number];

export function getIntegration(registrationId: string) {
  return db.integration.findUnique({
    where: { registrationId },
    select: {
      ...integrationListSelect,
      authorizationUrl: true,
      jwksUri: true,
      tokenUri: true,
      userInfoUri: true,
      endSessionUri: true,
      rpInitiatedLogout: true,
      version: true,
      ...CLAIM_SETTINGS_SELECT,
    },
  });
}
export type IntegrationDetails = NonNullable<Awaited<ReturnType<typeof getIntegration>>>;

/** How many users are linked under the integration's current issuer (they stop matching if the Issuer changes). */
export function countLinkedAccounts(registrationId: string, issuer: string) {
  return db.account.count({ where: { provider: registrationId, issuer } });
}

/** The integration that owns an email domain (routing and the domain rule), or null. `domain` must be normalised. */
export async function integrationForEmailDomain(domain: string) {
  const row = await db.integrationDomain.findUnique({
    where: { domain },
    select: {
      integration: { select: { registrationId: true, loginButtonText: true, enabled: true, showOnSignInScreen: true } },
    },
  });
  return row?.integration ?? null;
}

/** One integration's endpoints, client and sealed secret (Check connection, Test sign-in), or null. */
export function loadIntegrationWithSecret(registrationId: string, client: Db = db) {
  return client.integration.findUnique({
    where: { registrationId },
    select: {
      id: true,
      registrationId: true,
      clientId: true,
      clientSecretSealed: true,
      clientAuthMethod: true,
      authorizationUrl: true,
      tokenUri: true,
      userInfoUri: true,
      jwksUri: true,
      issuer: true,
      ...CLAIM_SETTINGS_SELECT,
      _count: { select: { groupMappings: true } },
    },
  });
}

/**
 * One cheap read that tells whether any integration changed since the providers were built. It runs on every
 * /api/auth request, so it is a fixed raw statement (same SQL on SQLite and PostgreSQL): a model query costs about
 * 0.4 ms more here in Prisma's query compiler, a third of a /api/auth/providers answer (docs/performance.md).
 */
export async function currentConfigVersion(): Promise<number> {
  const rows = await db.$queryRaw<{ version: number | bigint }[]>`SELECT "version" FROM "ConfigVersion" WHERE "id" = 1`;
  return Number(rows[0]?.version ?? 0);
}

/** Enabled integrations with their sealed secrets and email domains, for sign-in on the server only. */
export function loadEnabledIntegrationsForAuth() {
  return db.integration.findMany({
    where: { enabled: true },
    omit: { clientSecretSealed: false },
    include: {
      emailDomains: { select: { domain: true } },
      groupMappings: { select: { group: true, authorities: true, savedById: true } },
    },
  });
}
export type IntegrationForAuth = Awaited<ReturnType<typeof loadEnabledIntegrationsForAuth>>[number];
