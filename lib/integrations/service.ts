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

/** Throws a field error naming the first domain another integration already owns (each domain routes to one IdP). */
async function assertDomainsFree(db: Db, domains: readonly string[], exceptIntegrationId?: string): Promise<void> {
  if (domains.length === 0) return;
  const taken = await db.integrationDomain.findFirst({
    where: { domain: { in: [...domains] }, ...(exceptIntegrationId ? { integrationId: { not: exceptIntegrationId } } : {}) },
    select: { domain: true, integration: { select: { registrationId: true } } },
    orderBy: { domain: "asc" },
  });
  if (taken) {
    throw new ConflictError("emailDomains", `The domain ${taken.domain} is already used by the integration ${taken.integration.registrationId}.`);
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

export async function createIntegration(
  actor: Actor,
  input: IntegrationFormValues,
  { db = defaultDb, discover = discoverIssuer }: Options = {},
): Promise<{ id: string; registrationId: string; issuer: string }> {
  const existing = await db.integration.findUnique({ where: { registrationId: input.registrationId }, select: { id: true } });
  if (existing) throw new ConflictError("registrationId", ID_TAKEN);
  await assertDomainsFree(db, input.emailDomains);

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
        },
        select: { id: true, registrationId: true, issuer: true },
      });
      const version = await bumpConfigVersion(tx);
      await audit(tx, {
        actor,
        action: "integration.create",
        targetType: "integration",
        targetId: row.id,
        details: { ...rest, emailDomains, issuer, issuerDiscovered: !input.issuer, clientSecret: "[redacted]", configVersion: version },
      });
      return row;
    });
  } catch (error) {
    // Two admins creating the same Registration ID or domain at once: the unique index decides, the loser gets a
    // field error on whichever of the two was taken.
    if (isUniqueViolation(error)) {
      const idTaken = await db.integration.findUnique({ where: { registrationId: input.registrationId }, select: { id: true } });
      if (!idTaken) await assertDomainsFree(db, emailDomains);
      throw new ConflictError("registrationId", ID_TAKEN);
    }
    // Many at once can also exhaust the connection pool (P2028, no transaction started): if the ID was taken
    // meanwhile that is the answer; otherwise the error stays a retryable 503 (lib/db/availability.ts).
    if ((error as { code?: string })?.code === "P2028") {
      const idTaken = await db.integration.findUnique({ where: { registrationId: input.registrationId }, select: { id: true } });
      if (idTaken) throw new ConflictError("registrationId", ID_TAKEN);
    }
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
