// Integration writes: each seals the secret, writes the row, records an audit event (secret redacted) and bumps
// the config version — all in one transaction, so every app instance sees the change on its next request.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { seal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { discoverIssuer } from "./discovery";
import { auditDiff, EDITABLE_FIELDS } from "./diff";
import { type IntegrationEditValues, type IntegrationFormValues, STALE_INTEGRATION_MESSAGE } from "./schema";
import { revokeSessionsOpenedThrough } from "@/lib/auth/sessions";
import { identityRelevantFieldsChanged, keptSecretRefusal, keyTrustFieldsChanged } from "./identity-settings";
import { recordSignInAttempt } from "./sign-in-attempts";

const ID_TAKEN = "This Registration ID is already in use. Choose another.";

/** Throws a field error naming the first domain another integration already owns (each domain routes to one IdP). */
async function assertDomainsFree(db: Db, domains: readonly string[], exceptIntegrationId?: string): Promise<void> {
  if (domains.length === 0) return;
  const taken = await db.integrationDomain.findFirst({
    where: {
      domain: { in: [...domains] },
      ...(exceptIntegrationId ? { integrationId: { not: exceptIntegrationId } } : {}),
    },
    select: { domain: true, integration: { select: { registrationId: true } } },
    orderBy: { domain: "asc" },
  });
  if (taken) {
    const message = `The domain ${taken.domain} is already used by the integration ${taken.integration.registrationId}.`;
    throw new ConflictError(message, { field: "emailDomains" });
  }
}

export async function bumpConfigVersion(tx: Tx): Promise<number> {
  const row = await tx.configVersion.upsert({
    where: { id: 1 },
    create: { id: 1, version: 1 },
    update: { version: { increment: 1 } },
    select: { version: true },
  });
  return row.version;
}

type Options = { db?: Db; discover?: typeof discoverIssuer };

async function issuerFor(
  input: Pick<IntegrationFormValues, "issuer" | "authorizationUrl">,
  discover: typeof discoverIssuer,
) {
  if (input.issuer) return input.issuer;
  // next-auth cannot validate a sign-in without an issuer: learn it now from the IdP's own discovery document.
  const found = await discover(input.authorizationUrl);
  if (!found) {
    throw new ValidationError({
      issuer: "Could not find this IdP's discovery document from the Authorization URL. Enter the Issuer.",
    });
  }
  return found.issuer;
}

export async function createIntegration(
  actor: Actor,
  input: IntegrationFormValues,
  { db = defaultDb, discover = discoverIssuer }: Options = {},
): Promise<{ id: string; registrationId: string; issuer: string }> {
  const existing = await db.integration.findUnique({
    where: { registrationId: input.registrationId },
    select: { id: true },
  });
  if (existing) throw new ConflictError(ID_TAKEN, { field: "registrationId" });
  await assertDomainsFree(db, input.emailDomains);

  const issuer = await issuerFor(input, discover);

  const { clientSecret, emailDomains, ...rest } = input;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.integration.create({
        data: {
          ...rest,
          issuer,
          clientSecretSealed: seal(clientSecret),
          emailDomains: { create: emailDomains.map((domain) => ({ domain })) },
          createdById: actor.id,
          createdByEmail: actor.email,
          // Email linking through this integration is bounded by this admin's authorities (issue 6), and so are
          // the linked identities it signs in (linking-rules.ts, linkStillTrusted).
          identityConfiguredById: actor.id,
          keysConfiguredById: actor.id,
          keysConfiguredAt: new Date(),
        },
        select: { id: true, registrationId: true, issuer: true },
      });
      const version = await bumpConfigVersion(tx);
      await audit(tx, {
        actor,
        action: "integration.create",
        targetType: "integration",
        targetId: row.registrationId,
        details: {
          ...rest,
          emailDomains,
          issuer,
          issuerDiscovered: !input.issuer,
          clientSecret: "[redacted]",
          configVersion: version,
        },
      });
      return row;
    });
  } catch (error) {
    // Two admins creating the same Registration ID or domain at once: the unique index decides, the loser gets a
    // field error on whichever of the two was taken.
    if (isUniqueViolation(error)) {
      const idTaken = await db.integration.findUnique({
        where: { registrationId: input.registrationId },
        select: { id: true },
      });
      if (!idTaken) await assertDomainsFree(db, emailDomains);
      throw new ConflictError(ID_TAKEN, { field: "registrationId" });
    }
    throw error;
  }
}

export type UpdateResult = { registrationId: string; version: number; issuerChanged: boolean };

/** Saves an edit made from `input.version`; a newer version in the database means someone else saved first. */
export async function updateIntegration(
  actor: Actor,
  input: IntegrationEditValues,
  { db = defaultDb, discover = discoverIssuer }: Options = {},
): Promise<UpdateResult> {
  const before = await db.integration.findUnique({
    where: { registrationId: input.registrationId },
    select: { id: true, version: true, ...EDITABLE_FIELDS, emailDomains: { select: { domain: true } } },
  });
  if (!before) throw new NotFoundError("Integration");
  if (before.version !== input.version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
  // Why: the saved secret goes only where it already goes; a Token URI on a new host gets the secret typed again.
  const secretRefused = keptSecretRefusal(before.tokenUri, input.tokenUri, input.clientSecret);
  if (secretRefused) throw new ValidationError({ clientSecret: secretRefused });
  await assertDomainsFree(db, input.emailDomains, before.id);
  const issuer = await issuerFor(input, discover);
  // The Registration ID never changes (it is in the IdP's registered Redirect URI); the provider neither.
  const { clientSecret, emailDomains, version, registrationId: _id, provider: _provider, ...rest } = input;
  const beforeSettings = { ...before, emailDomains: before.emailDomains.map((d) => d.domain) };
  const afterSettings = { ...rest, issuer, emailDomains, clientSecret };
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      // The version in the WHERE makes the check and the write one step: a concurrent save matches nothing.
      const saved = await tx.integration.updateMany({
        where: { id: before.id, version },
        data: {
          ...rest,
          issuer,
          // An empty secret keeps the stored one.
          ...(clientSecret ? { clientSecretSealed: seal(clientSecret) } : {}),
          // Why: whoever changes who this IdP can vouch for becomes the admin whose authorities bound email linking.
          ...(identityRelevantFieldsChanged(beforeSettings, afterSettings) ? { identityConfiguredById: actor.id } : {}),
          // Why: whoever changes whose keys are trusted must hold the authorities of every linked account it signs
          // in, or those links pause until their holders re-link (linking-rules.ts, linkStillTrusted).
          ...(keyTrustFieldsChanged(beforeSettings, afterSettings)
            ? { keysConfiguredById: actor.id, keysConfiguredAt: now }
            : {}),
          version: { increment: 1 },
        },
      });
      if (saved.count === 0) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
      await tx.integrationDomain.deleteMany({ where: { integrationId: before.id, domain: { notIn: emailDomains } } });
      const kept = new Set(before.emailDomains.map((d) => d.domain));
      for (const domain of emailDomains.filter((d) => !kept.has(d))) {
        await tx.integrationDomain.create({ data: { domain, integrationId: before.id } });
      }
      const configVersion = await bumpConfigVersion(tx);
      const after = { ...rest, issuer, emailDomains };
      // Another issuer may reuse the old one's `sub` values: sessions opened through the old links end now.
      const sessionsEnded =
        issuer !== before.issuer ? await revokeSessionsOpenedThrough(tx, { integrationId: before.id }) : 0;
      await audit(tx, {
        actor,
        action: "integration.update",
        targetType: "integration",
        targetId: input.registrationId,
        details: {
          changes: auditDiff(before, after, { secretChanged: !!clientSecret }),
          configVersion,
          ...(sessionsEnded ? { sessionsEnded } : {}),
        },
      });
      return { registrationId: input.registrationId, version: version + 1, issuerChanged: issuer !== before.issuer };
    });
  } catch (error) {
    // Another integration took one of the domains meanwhile: the primary key decides, this edit gets a field error.
    if (isUniqueViolation(error)) {
      await assertDomainsFree(db, emailDomains, before.id);
      throw new ConflictError("One of these email domains was just taken by another integration.", {
        field: "emailDomains",
      });
    }
    // Many at once can also exhaust the connection pool (P2028, no transaction started): if the ID was taken
    // meanwhile that is the answer; otherwise the error stays a retryable 503 (lib/db/availability.ts).
    if ((error as { code?: string })?.code === "P2028") {
      const idTaken = await db.integration.findUnique({
        where: { registrationId: input.registrationId },
        select: { id: true },
      });
      if (idTaken) throw new ConflictError(ID_TAKEN, { field: "registrationId" });
    }
    throw error;
  }
}

/**
 * The integration's last-sign-in stamp (shown by the API), unsent: the sign-in puts it in its batch. Sign-in stamps
 * are not admin writes, so they do not bump the config version.
 */
export function signInStamp(client: Db | Tx, registrationId: string, at: Date) {
  return client.integration.updateMany({ where: { registrationId }, data: { lastSignInAt: at } });
}

/** A failed or refused sign-in: the integration's stamp and one attempt row, in the caller's transaction. */
export async function recordSignInFailureIn(tx: Tx, registrationId: string, code: string): Promise<boolean> {
  const at = new Date();
  const stamped = await tx.integration.updateMany({
    where: { registrationId },
    data: { lastFailureAt: at, lastFailureCode: code },
  });
  // Only integrations that exist get attempts (a callback URL can name anything).
  if (stamped.count === 0) return false;
  await recordSignInAttempt(tx, registrationId, code, at);
  return true;
}

/** A sign-in that failed at the IdP exchange (bad secret, bad token…): the health stamp and a refusal event. */
export async function recordSignInFailure(registrationId: string, code: string, db: Db = defaultDb): Promise<void> {
  await db.$transaction(async (tx) => {
    if (!(await recordSignInFailureIn(tx, registrationId, code))) return;
    await audit(tx, {
      actor: { id: null, email: null },
      action: "auth.sso_refused",
      targetType: "integration",
      targetId: registrationId,
      details: { code },
    });
  });
}
