// Staged rollout: an integration's draft (an edit saved but not live), tried before it goes live, then promoted in
// one transaction (one config version bump) or discarded. The live configuration keeps serving meanwhile.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { seal, unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { integrationSchemaPolicy } from "@/lib/config";
import { fieldErrorsOf } from "@/lib/authz/action";
import { discoverIssuer } from "../discovery";
import { auditDiff } from "../diff";
import { type IntegrationEditValues, integrationEditSchema, STALE_INTEGRATION_MESSAGE } from "../schema";
import { groupsUsedBy } from "@/lib/auth/oidc-provider";
import { type ConfigValues, storedConfigValues, liveConfigOf } from "./history";

type Options = { db?: Db; discover?: typeof discoverIssuer };

export const NO_DRAFT = "This integration has no draft.";
const origin = (url: string) => new URL(url).origin;

function secretOriginMessage(): string {
  return "Enter the Client Secret: the Token URI points to another origin than the secret was entered for, and a secret is only sent where it was entered for.";
}

/** The values a draft stores: every setting of the edit form but the secret, the version and the fixed ids. */
function draftValuesOf(input: IntegrationEditValues, issuer: string): ConfigValues {
  const { clientSecret: _s, version: _v, registrationId: _r, provider: _p, ...values } = input;
  return { ...values, issuer, emailDomains: [...values.emailDomains].sort() } as ConfigValues;
}

async function loadDraft(client: Db | Tx, integrationId: string) {
  return client.integrationDraft.findUnique({ where: { integrationId }, omit: { secretSealed: false } });
}

/** The draft as the page and the API show it: who saved it when, and its field-by-field diff against live. */
export async function draftSummary(registrationId: string, client: Db = defaultDb) {
  const live = await liveConfigOf({ registrationId }, client);
  if (!live) return null;
  const draft = await loadDraft(client, live.id);
  if (!draft) return null;
  return {
    savedAt: draft.updatedAt,
    savedByEmail: draft.updatedByEmail,
    baseVersion: draft.baseVersion,
    liveChangedSince: draft.baseVersion !== live.version,
    changes: auditDiff(live.values, storedConfigValues(draft.values), { secretChanged: !!draft.secretSealed }),
  };
}
export type DraftSummary = NonNullable<Awaited<ReturnType<typeof draftSummary>>>;

/** The values to edit a draft from (the draft's own, never its secret), or null. */
export async function draftFormValues(registrationId: string, client: Db = defaultDb) {
  const live = await liveConfigOf({ registrationId }, client);
  const draft = live ? await loadDraft(client, live.id) : null;
  return draft ? { values: storedConfigValues(draft.values), hasOwnSecret: !!draft.secretSealed } : null;
}

/**
 * Saves (or replaces) the draft of an integration, made from the live `input.version`. An empty Client Secret keeps
 * the draft's own secret when `keepDraftSecret` (editing the draft), else the live one; either must have been entered
 * for the draft's Token URI origin. Audited with the diff against live; the live configuration is untouched.
 */
export async function saveDraft(
  actor: Actor,
  input: IntegrationEditValues,
  { keepDraftSecret = false, db = defaultDb, discover = discoverIssuer }: Options & { keepDraftSecret?: boolean } = {},
) {
  const live = await liveConfigOf({ registrationId: input.registrationId }, db);
  if (!live) throw new NotFoundError("Integration");
  if (live.version !== input.version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
  const existing = await loadDraft(db, live.id);
  let issuer = input.issuer;
  if (!issuer) {
    const found = await discover(input.authorizationUrl);
    if (!found)
      throw new ValidationError({ issuer: "Could not find this IdP's discovery document. Enter the Issuer." });
    issuer = found.issuer;
  }
  const kept = keepDraftSecret && existing?.secretSealed ? existing.secretSealed : null;
  const secretOrigin = kept
    ? origin(storedConfigValues(existing!.values).tokenUri as string)
    : origin(live.values.tokenUri as string);
  // Why: a secret is never sent to an origin other than the one it was entered for.
  if (!input.clientSecret && origin(input.tokenUri) !== secretOrigin)
    throw new ValidationError({ clientSecret: secretOriginMessage() });
  const values = draftValuesOf(input, issuer);
  const secretSealed = input.clientSecret ? seal(input.clientSecret) : kept;
  const data = {
    values,
    secretSealed,
    baseVersion: live.version,
    updatedById: actor.id,
    updatedByEmail: actor.email,
  };
  return db.$transaction(async (tx) => {
    await tx.integrationDraft.upsert({
      where: { integrationId: live.id },
      create: { integrationId: live.id, ...data },
      update: data,
    });
    const changes = auditDiff(live.values, values, { secretChanged: !!secretSealed });
    await audit(tx, {
      actor,
      action: "integration.draft_save",
      targetType: "integration",
      targetId: live.registrationId,
      details: { changes, baseVersion: live.version },
    });
    return { registrationId: live.registrationId, changes };
  });
}

export async function discardDraft(actor: Actor, registrationId: string, db: Db = defaultDb) {
  return db.$transaction(async (tx) => {
    const live = await tx.integration.findUnique({ where: { registrationId }, select: { id: true } });
    if (!live) throw new NotFoundError("Integration");
    const removed = await tx.integrationDraft.deleteMany({ where: { integrationId: live.id } });
    if (removed.count === 0) throw new ConflictError(NO_DRAFT);
    await audit(tx, {
      actor,
      action: "integration.draft_discard",
      targetType: "integration",
      targetId: registrationId,
    });
    return { registrationId };
  });
}

/**
 * The draft as a complete edit of the live integration (the form's values, the secret in clear or "" to keep the
 * live one), parsed by the edit schema under today's policy. Server-side only.
 */
export async function draftAsEdit(client: Db | Tx, registrationId: string): Promise<IntegrationEditValues> {
  const live = await liveConfigOf({ registrationId }, client);
  if (!live) throw new NotFoundError("Integration");
  const draft = await loadDraft(client, live.id);
  if (!draft) throw new ConflictError(NO_DRAFT);
  const values = storedConfigValues(draft.values);
  if (!draft.secretSealed && origin(values.tokenUri as string) !== origin(live.values.tokenUri as string))
    throw new ConflictError(secretOriginMessage());
  const parsed = integrationEditSchema(integrationSchemaPolicy()).safeParse({
    ...values,
    provider: live.provider,
    registrationId: live.registrationId,
    clientSecret: draft.secretSealed ? unseal(draft.secretSealed) : "",
    version: live.version,
  });
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error), "The draft is no longer valid.");
  return parsed.data;
}

/**
 * The draft as a configuration to sign in with (Test sign-in with the draft, Sign in with draft): its endpoints and
 * client, the secret it would use (its own, or the live one for the same Token URI origin), its linking settings.
 */
export async function draftIntegrationConfig(registrationId: string, client: Db = defaultDb) {
  const live = await liveConfigOf({ registrationId }, client);
  if (!live) throw new NotFoundError("The integration");
  const draft = await loadDraft(client, live.id);
  if (!draft) throw new NotFoundError("The draft");
  const v = storedConfigValues(draft.values);
  const groupMappings = await client.integrationGroupMapping.findMany({
    where: { integrationId: live.id },
    select: { group: true, authorities: true, savedById: true },
  });
  const text = (key: keyof ConfigValues) => String(v[key] ?? "");
  if (!draft.secretSealed && origin(text("tokenUri")) !== origin(live.values.tokenUri as string))
    throw new ConflictError(secretOriginMessage());
  return {
    registrationId: live.registrationId,
    loginButtonText: text("loginButtonText"),
    clientId: text("clientId"),
    clientSecret: unseal(draft.secretSealed ?? live.secretSealed),
    clientAuthMethod: text("clientAuthMethod"),
    authorizationUrl: text("authorizationUrl"),
    tokenUri: text("tokenUri"),
    userInfoUri: text("userInfoUri"),
    jwksUri: text("jwksUri"),
    issuer: text("issuer"),
    scopes: text("scopes"),
    authorizationParams: text("authorizationParams"),
    emailClaim: text("emailClaim"),
    nameClaim: text("nameClaim"),
    groupsClaim: text("groupsClaim"),
    updateNameOnSignIn: v.updateNameOnSignIn === true,
    signInRequirement: text("signInRequirement"),
    // The live integration's group mappings apply to sign-ins through its draft too.
    groupsUsed: groupsUsedBy(
      { groupsClaim: text("groupsClaim"), signInRequirement: text("signInRequirement") },
      groupMappings.length,
    ),
    linking: {
      trustEmailAddresses: v.trustEmailAddresses === true,
      id: live.id,
      // Email linking through the draft is bounded by the authorities of the admin who saved it; so are the linked
      // accounts its keys sign in.
      identityConfiguredById: draft.updatedById,
      keysConfiguredById: draft.updatedById,
      keysConfiguredAt: draft.updatedAt,
      emailDomains: v.emailDomains.map((domain) => ({ domain })),
      updateNameOnSignIn: v.updateNameOnSignIn === true,
      groupMappings,
    },
  };
}
export type DraftIntegrationConfig = Awaited<ReturnType<typeof draftIntegrationConfig>>;
