// private_key_jwt keys of an integration, kept as IntegrationSecret rows of kind "client_key": the private key sealed
// (secretSealed, omitted from every query by default), its certificate in clear. Slots: "current" signs the client
// assertions; "next" is published in the JWKS before it signs anything (so the IdP has it when it is promoted);
// "previous" stays published after a promotion until an admin removes it.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { seal, unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { certificateFacts, generateClientKey } from "./certificate";

export const CLIENT_KEY_KIND = "client_key";
export const PRIVATE_KEY_JWT = "private_key_jwt";
export const KEY_SLOTS = ["current", "next", "previous"] as const;
export type KeySlot = (typeof KEY_SLOTS)[number];

const key = (integrationId: string, slot: KeySlot) => ({
  integrationId_kind_slot: { integrationId, kind: CLIENT_KEY_KIND, slot },
});

async function insertKeyIn(tx: Tx, integrationId: string, slot: KeySlot, subject: string, actor: Actor) {
  const generated = await generateClientKey(subject);
  await tx.integrationSecret.create({
    data: {
      integrationId,
      kind: CLIENT_KEY_KIND,
      slot,
      secretSealed: seal(generated.privateKeyPem),
      certificatePem: generated.certificatePem,
      addedAt: new Date(),
      addedByEmail: actor.email,
    },
  });
  return certificateFacts(generated.certificatePem).kid;
}

const subjectOf = (registrationId: string) => `Keyway ${registrationId}`;

/**
 * Inside a save's transaction: an integration set to private_key_jwt gets its first key when it has none (audited).
 * Keys are kept when the method changes away, so switching back signs with the same registered key.
 */
export async function ensureClientKeyIn(
  tx: Tx,
  integration: { id: string; registrationId: string; clientAuthMethod: string },
  actor: Actor,
): Promise<void> {
  if (integration.clientAuthMethod !== PRIVATE_KEY_JWT) return;
  const existing = await tx.integrationSecret.findUnique({
    where: key(integration.id, "current"),
    select: { slot: true },
  });
  if (existing) return;
  const kid = await insertKeyIn(tx, integration.id, "current", subjectOf(integration.registrationId), actor);
  await audit(tx, {
    actor,
    action: "integration.client_key_generate",
    targetType: "integration",
    targetId: integration.registrationId,
    details: { slot: "current", kid },
  });
}

async function integrationFor(tx: Tx, registrationId: string) {
  const row = await tx.integration.findUnique({
    where: { registrationId },
    select: { id: true, registrationId: true, clientAuthMethod: true },
  });
  if (!row) throw new NotFoundError("Integration");
  if (row.clientAuthMethod !== PRIVATE_KEY_JWT)
    throw new ConflictError("This integration does not use Private key JWT client authentication.");
  return row;
}

export const NEXT_KEY_EXISTS = "This integration already has a next key: promote it or wait.";
export const NO_NEXT_KEY = "This integration has no next key to promote.";
export const NO_PREVIOUS_KEY = "This integration has no previous key to remove.";

/** Add next key: a new key pair, published in the JWKS at once, not signing until promoted. */
export async function addNextClientKey(actor: Actor, registrationId: string, db: Db = defaultDb) {
  return db.$transaction(async (tx) => {
    const row = await integrationFor(tx, registrationId);
    if (await tx.integrationSecret.findUnique({ where: key(row.id, "next"), select: { slot: true } }))
      throw new ConflictError(NEXT_KEY_EXISTS);
    const kid = await insertKeyIn(tx, row.id, "next", subjectOf(registrationId), actor);
    await audit(tx, {
      actor,
      action: "integration.client_key_add_next",
      targetType: "integration",
      targetId: registrationId,
      details: { slot: "next", kid },
    });
    return { registrationId, kid };
  });
}

/**
 * Promote next key: it signs from now on; the old signing key stays published as the previous key. Why no re-bind of
 * the identity or key configurer (as Promote next secret does): Keyway made the key, so the admin chooses no
 * credential and the client (Client ID, Token URI) stays the one whoever set it configured.
 */
export async function promoteNextClientKey(actor: Actor, registrationId: string, db: Db = defaultDb) {
  return db.$transaction(async (tx) => {
    const row = await integrationFor(tx, registrationId);
    const slots = await tx.integrationSecret.findMany({
      where: { integrationId: row.id, kind: CLIENT_KEY_KIND },
      select: { slot: true, certificatePem: true },
    });
    const next = slots.find((s) => s.slot === "next");
    const current = slots.find((s) => s.slot === "current");
    if (!next?.certificatePem) throw new ConflictError(NO_NEXT_KEY);
    await tx.integrationSecret.deleteMany({
      where: { integrationId: row.id, kind: CLIENT_KEY_KIND, slot: "previous" },
    });
    if (current) await tx.integrationSecret.update({ where: key(row.id, "current"), data: { slot: "previous" } });
    await tx.integrationSecret.update({ where: key(row.id, "next"), data: { slot: "current" } });
    const kid = certificateFacts(next.certificatePem).kid;
    const previousKid = current?.certificatePem ? certificateFacts(current.certificatePem).kid : null;
    await audit(tx, {
      actor,
      action: "integration.client_key_promote",
      targetType: "integration",
      targetId: registrationId,
      details: { kid, previousKid },
    });
    return { registrationId, kid };
  });
}

/** Remove previous key: it leaves the JWKS (do it once the IdP no longer needs it). */
export async function removePreviousClientKey(actor: Actor, registrationId: string, db: Db = defaultDb) {
  return db.$transaction(async (tx) => {
    const row = await integrationFor(tx, registrationId);
    const previous = await tx.integrationSecret.findUnique({
      where: key(row.id, "previous"),
      select: { certificatePem: true },
    });
    if (!previous) throw new ConflictError(NO_PREVIOUS_KEY);
    await tx.integrationSecret.delete({ where: key(row.id, "previous") });
    await audit(tx, {
      actor,
      action: "integration.client_key_remove_previous",
      targetType: "integration",
      targetId: registrationId,
      details: { kid: previous.certificatePem ? certificateFacts(previous.certificatePem).kid : null },
    });
    return { registrationId };
  });
}

export type PublishedClientKey = {
  slot: KeySlot;
  certificatePem: string;
  addedAt: Date | null;
  addedByEmail: string | null;
};

/** The published keys (certificates only, never a private key) of an integration that uses private_key_jwt. */
export async function publishedClientKeys(
  registrationId: string,
  db: Db = defaultDb,
): Promise<PublishedClientKey[] | null> {
  const row = await db.integration.findUnique({
    where: { registrationId },
    select: {
      clientAuthMethod: true,
      secrets: {
        where: { kind: CLIENT_KEY_KIND },
        select: { slot: true, certificatePem: true, addedAt: true, addedByEmail: true },
      },
    },
  });
  if (!row || row.clientAuthMethod !== PRIVATE_KEY_JWT) return null;
  return row.secrets
    .filter((s): s is typeof s & { certificatePem: string } => !!s.certificatePem)
    .map((s) => ({ ...s, slot: s.slot as KeySlot }))
    .sort((a, b) => KEY_SLOTS.indexOf(a.slot) - KEY_SLOTS.indexOf(b.slot));
}

/** The signing key of an integration, unsealed: only for signing a client assertion on the server. */
export async function currentSigningKey(registrationId: string, db: Db = defaultDb) {
  const row = await db.integrationSecret.findFirst({
    where: { kind: CLIENT_KEY_KIND, slot: "current", integration: { registrationId } },
    select: { secretSealed: true, certificatePem: true },
  });
  if (!row?.secretSealed || !row.certificatePem) return null;
  return { privateKeyPem: unseal(row.secretSealed), certificatePem: row.certificatePem };
}

export type ClientKeyView = {
  slot: KeySlot;
  kid: string;
  x5t: string;
  x5tS256: string;
  sha1Hex: string;
  sha256Hex: string;
  certificatePem: string;
  publicKeyPem: string;
  subject: string;
  notAfter: Date;
  addedAt: Date | null;
  addedByEmail: string | null;
};

/** What the integration's page shows of each published key: public facts only. Null when not using the method. */
export async function clientKeysView(registrationId: string, db: Db = defaultDb): Promise<ClientKeyView[] | null> {
  const keys = await publishedClientKeys(registrationId, db);
  if (!keys) return null;
  return keys.map(({ slot, certificatePem, addedAt, addedByEmail }) => {
    const facts = certificateFacts(certificatePem);
    return {
      slot,
      kid: facts.kid,
      x5t: facts.x5t,
      x5tS256: facts.x5tS256,
      sha1Hex: facts.sha1Hex,
      sha256Hex: facts.sha256Hex,
      certificatePem: facts.certificatePem,
      publicKeyPem: facts.publicKeyPem,
      subject: facts.subject,
      notAfter: facts.notAfter,
      addedAt,
      addedByEmail,
    };
  });
}
