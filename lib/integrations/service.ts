// Integration writes: each seals the secret, writes the row, records an audit event (secret redacted) and bumps
// the config version — all in one transaction, so every app instance sees the change on its next request.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ConflictError, ValidationError } from "@/lib/authz/errors";
import { seal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { discoverIssuer } from "./discovery";
import type { IntegrationFormValues } from "./schema";

const ID_TAKEN = "This Registration ID is already in use. Choose another.";

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

export async function createIntegration(
  actor: Actor,
  input: IntegrationFormValues,
  { db = defaultDb, discover = discoverIssuer }: Options = {},
): Promise<{ id: string; registrationId: string; issuer: string }> {
  const existing = await db.integration.findUnique({ where: { registrationId: input.registrationId }, select: { id: true } });
  if (existing) throw new ConflictError("registrationId", ID_TAKEN);

  let issuer = input.issuer;
  if (!issuer) {
    // next-auth cannot validate a sign-in without an issuer: learn it now from the IdP's own discovery document.
    const found = await discover(input.authorizationUrl);
    if (!found) {
      throw new ValidationError({
        issuer: "Could not find this IdP's discovery document from the Authorization URL. Enter the Issuer.",
      });
    }
    issuer = found.issuer;
  }

  const { clientSecret, ...rest } = input;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.integration.create({
        data: {
          ...rest,
          issuer,
          clientSecretSealed: seal(clientSecret),
          createdById: actor.id,
          createdByEmail: actor.email,
          // Email linking through this integration is bounded by this admin's authorities (issue 6).
          identityConfiguredById: actor.id,
        },
        select: { id: true, registrationId: true, issuer: true },
      });
      const version = await bumpConfigVersion(tx);
      await audit(tx, {
        actor,
        action: "integration.create",
        targetType: "integration",
        targetId: row.id,
        details: { ...rest, issuer, issuerDiscovered: !input.issuer, clientSecret: "[redacted]", configVersion: version },
      });
      return row;
    });
  } catch (error) {
    // Two admins creating the same Registration ID at once: the unique index decides, the loser gets a field error.
    if (isUniqueViolation(error)) throw new ConflictError("registrationId", ID_TAKEN);
    throw error;
  }
}

/** Health stamps written by the sign-in flow (not admin writes, so they do not bump the config version). */
export async function recordSignInSuccess(tx: Tx, registrationId: string, at: Date): Promise<void> {
  await tx.integration.updateMany({ where: { registrationId }, data: { lastSignInAt: at } });
}

export async function recordSignInFailure(registrationId: string, code: string, db: Db = defaultDb): Promise<void> {
  await db.integration.updateMany({ where: { registrationId }, data: { lastFailureAt: new Date(), lastFailureCode: code } });
}
