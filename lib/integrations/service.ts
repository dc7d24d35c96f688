// Integration writes: each seals the secret, writes the row, records an audit event (secret redacted) and bumps
// the config version — all in one transaction, so every app instance sees the change on its next request.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { seal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, isUniqueViolation, QUEUED_WRITE_TX, type Tx } from "@/lib/db";
import { discoverIssuer } from "./discovery";
import { auditDiff, EDITABLE_FIELDS, type FieldChange } from "./diff";
import type { EditableColumnValues } from "./fields";
import { presetRefusal } from "./presets";
import {
  CLIENT_SECRET_REQUIRED,
  type IntegrationEditValues,
  type IntegrationFormValues,
  STALE_INTEGRATION_MESSAGE,
  usesClientSecret,
} from "./schema";
import { revokeSessionsOpenedThrough } from "@/lib/auth/sessions";
import { identityRelevantFieldsChanged, keptSecretRefusal, keyTrustFieldsChanged } from "./identity-settings";
import { recordSignInAttempt } from "./sign-in-attempts";
import { ensureHistoryBaselineIn, recordLiveVersionIn } from "./rollout/history";
import { applyNextSecretIn, type NextSecretChange, noteCurrentSecretIn } from "./rotation/secrets";
import type { NextSecretInput } from "./rotation/schema";
import { ensureClientKeyIn } from "./client-keys/keys";

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

/**
 * Inserts one integration and its email domains inside the caller's transaction (no audit, no version bump: the
 * caller records the change, alone or as part of a change set). The actor becomes its identity configurer.
 */
export async function insertIntegration(
  tx: Tx,
  actor: Actor,
  input: IntegrationFormValues & { issuer: string },
  { enabled = true }: { enabled?: boolean } = {},
) {
  const { clientSecret, emailDomains, ...rest } = input;
  // Every caller (console, API, config apply) gets the same rule: Post and Basic need a secret.
  if (usesClientSecret(rest.clientAuthMethod) && !clientSecret)
    throw new ValidationError({ clientSecret: CLIENT_SECRET_REQUIRED });
  const row = await tx.integration.create({
    data: {
      ...rest,
      enabled,
      clientSecretSealed: seal(clientSecret),
      emailDomains: { create: emailDomains.map((domain) => ({ domain })) },
      createdById: actor.id,
      createdByEmail: actor.email,
      // Email linking through this integration is bounded by this admin's authorities, and so are the linked
      // identities it signs in (linking-rules.ts, linkStillTrusted).
      identityConfiguredById: actor.id,
      keysConfiguredById: actor.id,
      keysConfiguredAt: new Date(),
    },
    select: { id: true, registrationId: true, issuer: true },
  });
  await noteCurrentSecretIn(tx, row.id, actor);
  await ensureClientKeyIn(tx, { ...row, clientAuthMethod: rest.clientAuthMethod }, actor);
  const switchedOff = enabled ? {} : { enabled };
  return { row, details: { ...rest, emailDomains, ...switchedOff, clientSecret: "[redacted]" } };
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

  try {
    return await db.$transaction(async (tx) => {
      const { row, details } = await insertIntegration(tx, actor, { ...input, issuer });
      const version = await bumpConfigVersion(tx);
      await recordLiveVersionIn(tx, row.id, actor, "create");
      await audit(tx, {
        actor,
        action: "integration.create",
        targetType: "integration",
        targetId: row.registrationId,
        details: { ...details, issuerDiscovered: !input.issuer, configVersion: version },
      });
      return row;
    }, QUEUED_WRITE_TX);
  } catch (error) {
    // Two admins creating the same Registration ID or domain at once: the unique index decides, the loser gets a
    // field error on whichever of the two was taken.
    if (isUniqueViolation(error)) {
      const idTaken = await db.integration.findUnique({
        where: { registrationId: input.registrationId },
        select: { id: true },
      });
      if (!idTaken) await assertDomainsFree(db, input.emailDomains);
      throw new ConflictError(ID_TAKEN, { field: "registrationId" });
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

// Why only "set"/"changed": the next secret itself (like the current one) never goes into the audit log.
const NEXT_SECRET_CHANGES: Record<NextSecretChange, FieldChange> = {
  added: { from: "none", to: "set" },
  replaced: "changed",
  removed: { from: "set", to: "none" },
  "removed (the Token URI's origin changed)": { from: "set", to: "none (the Token URI's origin changed)" },
};

export type UpdateResult = { registrationId: string; version: number; issuerChanged: boolean };

/** What an edit starts from: the row's version and every editable setting (read in or before its transaction). */
export const integrationBeforeSelect = {
  id: true,
  version: true,
  provider: true,
  ...EDITABLE_FIELDS,
  emailDomains: { select: { domain: true } },
} as const;
export type IntegrationBefore = {
  id: string;
  version: number;
  provider: string;
  emailDomains: { domain: string }[];
} & EditableColumnValues;

/**
 * Writes an edit inside the caller's transaction (no audit, no config version bump): the row (its version in the
 * WHERE, so a concurrent save matches nothing), the domains, the identity and key configurers when they change, and
 * the end of sessions opened through the integration when its issuer changes. Returns the audited field diff.
 */
export async function writeIntegrationUpdate(
  tx: Tx,
  actor: Actor,
  before: IntegrationBefore,
  input: IntegrationEditValues & { issuer: string },
) {
  // The Registration ID never changes (it is in the IdP's registered Redirect URI); the provider neither.
  const { clientSecret, emailDomains, version: _version, registrationId, provider: _provider, ...rest } = input;
  // Why: the saved secret goes only where it already goes; a Token URI on a new host gets the secret typed again.
  const secretRefused = keptSecretRefusal(before.tokenUri, rest.tokenUri, clientSecret, rest.clientAuthMethod);
  if (secretRefused) throw new ValidationError({ clientSecret: secretRefused });
  // Why: an integration made with Private key JWT may have no secret at all; leaving it for Post or Basic needs one.
  if (!clientSecret && !usesClientSecret(before.clientAuthMethod) && usesClientSecret(rest.clientAuthMethod))
    throw new ValidationError({ clientSecret: CLIENT_SECRET_REQUIRED });
  // Why the stored provider: an edit cannot drop a preset's rule by naming another provider.
  const presetRefused = presetRefusal(before.provider, rest);
  if (presetRefused) throw new ValidationError({ [presetRefused.field]: presetRefused.message });
  const beforeSettings = { ...before, emailDomains: before.emailDomains.map((d) => d.domain) };
  const afterSettings = { ...rest, emailDomains, clientSecret };
  const saved = await tx.integration.updateMany({
    where: { id: before.id, version: before.version },
    data: {
      ...rest,
      // An empty secret keeps the stored one, except under Private key JWT with the Token URI on a new origin: the
      // saved secret is forgotten then, so switching back to Post or Basic can never send it to the new host.
      ...(clientSecret
        ? { clientSecretSealed: seal(clientSecret) }
        : keptSecretRefusal(before.tokenUri, rest.tokenUri, "")
          ? { clientSecretSealed: seal("") }
          : {}),
      // Why: whoever changes who this IdP can vouch for becomes the admin whose authorities bound email linking.
      ...(identityRelevantFieldsChanged(beforeSettings, afterSettings) ? { identityConfiguredById: actor.id } : {}),
      // Why: whoever changes whose keys are trusted must hold the authorities of every linked account it signs in,
      // or those links pause until their holders re-link (linking-rules.ts, linkStillTrusted).
      ...(keyTrustFieldsChanged(beforeSettings, afterSettings)
        ? { keysConfiguredById: actor.id, keysConfiguredAt: new Date() }
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
  await ensureClientKeyIn(tx, { id: before.id, registrationId, clientAuthMethod: rest.clientAuthMethod }, actor);
  const issuerChanged = rest.issuer !== before.issuer;
  // Another issuer may reuse the old one's `sub` values: sessions opened through the old links end now.
  const sessionsEnded = issuerChanged ? await revokeSessionsOpenedThrough(tx, { integrationId: before.id }) : 0;
  return {
    changes: auditDiff(before, { ...rest, emailDomains }, { secretChanged: !!clientSecret }),
    issuerChanged,
    sessionsEnded,
  };
}

/** Saves an edit made from `input.version`; a newer version in the database means someone else saved first. */
export async function updateIntegration(
  actor: Actor,
  { nextClientSecret, removeNextClientSecret, ...input }: IntegrationEditValues & NextSecretInput,
  { db = defaultDb, discover = discoverIssuer }: Options = {},
): Promise<UpdateResult> {
  const before = await db.integration.findUnique({
    where: { registrationId: input.registrationId },
    select: integrationBeforeSelect,
  });
  if (!before) throw new NotFoundError("Integration");
  if (before.version !== input.version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
  // Why: the saved secret goes only where it already goes; a Token URI on a new host gets the secret typed again.
  const secretRefused = keptSecretRefusal(before.tokenUri, input.tokenUri, input.clientSecret, input.clientAuthMethod);
  if (secretRefused) throw new ValidationError({ clientSecret: secretRefused });
  await assertDomainsFree(db, input.emailDomains, before.id);
  const issuer = await issuerFor(input, discover);
  try {
    return await db.$transaction(async (tx) => {
      await ensureHistoryBaselineIn(tx, before.id);
      const { changes, issuerChanged, sessionsEnded } = await writeIntegrationUpdate(tx, actor, before, {
        ...input,
        issuer,
      });
      if (input.clientSecret) await noteCurrentSecretIn(tx, before.id, actor);
      const next = { nextClientSecret, removeNextClientSecret, tokenUri: input.tokenUri };
      const nextChange = await applyNextSecretIn(tx, before.id, actor, next);
      if (nextChange) changes.nextClientSecret = NEXT_SECRET_CHANGES[nextChange];
      const configVersion = await bumpConfigVersion(tx);
      await recordLiveVersionIn(tx, before.id, actor, "update");
      await audit(tx, {
        actor,
        action: "integration.update",
        targetType: "integration",
        targetId: input.registrationId,
        details: { changes, configVersion, ...(sessionsEnded ? { sessionsEnded } : {}) },
      });
      return { registrationId: input.registrationId, version: input.version + 1, issuerChanged };
    }, QUEUED_WRITE_TX);
  } catch (error) {
    // Another integration took one of the domains meanwhile: the primary key decides, this edit gets a field error.
    if (isUniqueViolation(error)) {
      await assertDomainsFree(db, input.emailDomains, before.id);
      throw new ConflictError("One of these email domains was just taken by another integration.", {
        field: "emailDomains",
      });
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
