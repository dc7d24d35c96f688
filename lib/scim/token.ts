// Per-integration SCIM bearer tokens: made with the API token generator, stored as SHA-256 + first 8 characters,
// shown once. Rotation keeps the previous token working until the new one is first used or ROTATION_GRACE_MS pass,
// so the IdP's configuration can be changed without a provisioning outage.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { generateApiToken, hashApiToken, isWellFormedApiToken, storedPrefix } from "@/lib/api-tokens/token";
import { bearerRetryAfter, countBearerFailure } from "@/lib/auth/bearer-throttle";
import { publicUrl } from "@/lib/config";
import { type Db, db as defaultDb } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { ScimError } from "./errors";

/** How long a rotated-out token keeps working when the new one is never used. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

type Options = { db?: Db; now?: Date };

export function scimBaseUrl(registrationId: string, base = publicUrl()): string {
  return `${base.replace(/\/$/, "")}/api/scim/v2/${encodeURIComponent(registrationId)}`;
}

/** Turns provisioning on (first call) or rotates its token (later calls). The token is returned once. */
export async function enableScim(
  actor: Actor,
  registrationId: string,
  { db = defaultDb, now = new Date() }: Options = {},
): Promise<{ baseUrl: string; token: string; rotated: boolean }> {
  const token = generateApiToken();
  const hash = hashApiToken(token);
  const rotated = await db.$transaction(async (tx) => {
    const integration = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, scim: { select: { tokenHash: true, tokenUsedAt: true, previousTokenHash: true } } },
    });
    if (!integration) throw new NotFoundError("Integration");
    const current = integration.scim;
    if (!current) {
      await tx.scimProvisioning.create({
        data: {
          integrationId: integration.id,
          tokenHash: hash,
          tokenPrefix: storedPrefix(token),
          createdById: actor.id,
        },
      });
    } else {
      // Why keep only the token in use: an unused token was never configured anywhere, so replacing it cuts off nothing.
      const keep = current.tokenUsedAt ? current.tokenHash : current.previousTokenHash;
      await tx.scimProvisioning.update({
        where: { integrationId: integration.id },
        data: {
          tokenHash: hash,
          tokenPrefix: storedPrefix(token),
          tokenUsedAt: null,
          previousTokenHash: keep,
          previousValidUntil: keep ? new Date(now.getTime() + ROTATION_GRACE_MS) : null,
          rotatedAt: now,
        },
      });
    }
    await audit(tx, {
      actor,
      action: current ? "scim.rotate_token" : "scim.enable",
      targetType: "integration",
      targetId: registrationId,
      details: { tokenPrefix: storedPrefix(token) },
    });
    return !!current;
  });
  return { baseUrl: scimBaseUrl(registrationId), token, rotated };
}

/** Turns provisioning off: the token stops working at once. Provisioned users stay as they are. Idempotent. */
export async function disableScim(
  actor: Actor,
  registrationId: string,
  { db = defaultDb }: Options = {},
): Promise<{ registrationId: string; enabled: false }> {
  await db.$transaction(async (tx) => {
    const integration = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, scim: { select: { integrationId: true } } },
    });
    if (!integration) throw new NotFoundError("Integration");
    if (!integration.scim) return;
    await tx.scimProvisioning.delete({ where: { integrationId: integration.id } });
    await audit(tx, { actor, action: "scim.disable", targetType: "integration", targetId: registrationId });
  });
  return { registrationId, enabled: false };
}

export const PROVISIONING_OFF = "Provisioning (SCIM) is off for this integration: turn it on first.";

/**
 * Whether the IdP may change the email of the users it provisioned (off by default). Audited with before → after;
 * 409 while provisioning is off (the setting lives with it).
 */
export async function setScimEmailChanges(
  actor: Actor,
  registrationId: string,
  allowEmailChange: boolean,
  { db = defaultDb }: Options = {},
): Promise<{ registrationId: string; allowEmailChange: boolean }> {
  await db.$transaction(async (tx) => {
    const integration = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, scim: { select: { allowEmailChange: true } } },
    });
    if (!integration) throw new NotFoundError("Integration");
    if (!integration.scim) throw new ConflictError(PROVISIONING_OFF);
    if (integration.scim.allowEmailChange === allowEmailChange) return;
    await tx.scimProvisioning.update({ where: { integrationId: integration.id }, data: { allowEmailChange } });
    await audit(tx, {
      actor,
      action: "scim.settings",
      targetType: "integration",
      targetId: registrationId,
      details: { changes: { allowEmailChange: { from: !allowEmailChange, to: allowEmailChange } } },
    });
  });
  return { registrationId, allowEmailChange };
}

export type ScimCaller = {
  integrationId: string;
  registrationId: string;
  identityConfiguredById: string | null;
  emailDomains: string[];
  allowEmailChange: boolean;
};

async function refuse(db: Db, registrationId: string, address: string, reason: string): Promise<never> {
  await countBearerFailure(address);
  // SCIM token failures are audited (bounded by the per-address throttle above); the token itself never is.
  await db.$transaction((tx) =>
    audit(tx, {
      actor: { id: null, email: "scim" },
      action: "scim.token_refused",
      targetType: "integration",
      targetId: registrationId.slice(0, 200),
      details: { reason, address },
    }),
  );
  throw new ScimError(401, "The SCIM bearer token is not valid for this integration.");
}

/**
 * `Authorization: Bearer …` on /api/scim/v2/<registrationId> → the integration it provisions. A token belongs to one
 * integration: the lookup is by hash AND the URL's integration, so no token reaches another integration's users.
 */
export async function authenticateScim(
  registrationId: string,
  authorization: string | null,
  address: string,
  { db = defaultDb, now = new Date() }: Options = {},
): Promise<ScimCaller> {
  const wait = await bearerRetryAfter(address);
  if (wait > 0) throw new ScimError(429, `Too many failed attempts; retry in ${wait} s.`, "tooMany");
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || !isWellFormedApiToken(match[1])) return refuse(db, registrationId, address, "missing or malformed");
  const hash = hashApiToken(match[1]);
  const row = await db.scimProvisioning.findFirst({
    where: { integration: { registrationId }, OR: [{ tokenHash: hash }, { previousTokenHash: hash }] },
    select: {
      integrationId: true,
      tokenHash: true,
      tokenUsedAt: true,
      previousValidUntil: true,
      allowEmailChange: true,
      integration: {
        select: { registrationId: true, identityConfiguredById: true, emailDomains: { select: { domain: true } } },
      },
    },
  });
  if (!row) return refuse(db, registrationId, address, "unknown token");
  if (row.tokenHash === hash) {
    // First use of a new token ends the previous one for good.
    const stamp = row.tokenUsedAt ? {} : { tokenUsedAt: now, previousTokenHash: null, previousValidUntil: null };
    await db.scimProvisioning.update({
      where: { integrationId: row.integrationId },
      data: { ...stamp, lastCallAt: now },
    });
  } else {
    if (row.tokenUsedAt || !row.previousValidUntil || row.previousValidUntil <= now)
      return refuse(db, registrationId, address, "rotated-out token");
    await db.scimProvisioning.update({ where: { integrationId: row.integrationId }, data: { lastCallAt: now } });
  }
  return {
    integrationId: row.integrationId,
    registrationId: row.integration.registrationId,
    identityConfiguredById: row.integration.identityConfiguredById,
    emailDomains: row.integration.emailDomains.map((d) => d.domain),
    allowEmailChange: row.allowEmailChange,
  };
}
