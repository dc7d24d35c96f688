// Export, plan and apply of the whole sign-in configuration. Apply runs the change set in ONE transaction through
// the console's own write steps (lib/integrations/service.ts, lifecycle.ts, lib/sign-in-policy/service.ts), with one
// audit event listing every change; plan runs exactly the same steps and rolls them back, so it reports what apply
// would do, refusals included, and writes nothing.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { type Actor, audit } from "@/lib/audit";
import { unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { AppError, ConflictError, DocumentError, type FieldErrors } from "@/lib/errors";
import { LAST_MANAGER_WAY_IN } from "@/lib/sign-in-policy/guards";
import { removeIntegration, writeIntegrationEnabled } from "@/lib/integrations/lifecycle";
import { ensureHistoryBaselineIn, recordLiveVersionIn } from "@/lib/integrations/rollout/history";
import { noteCurrentSecretIn } from "@/lib/integrations/rotation/secrets";
import { insertIntegration, integrationBeforeSelect, writeIntegrationUpdate } from "@/lib/integrations/service";
import { signInPolicyProblems, writeSignInPolicy } from "@/lib/sign-in-policy/service";
import type { ConfigDocumentValues } from "./document";
import { exportDocument } from "./export";
import { type ConfigChange, type CurrentConfig, planConfig, planProblems, type SecretState } from "./plan";
import { hasWayIn, LAST_WAY_IN_MESSAGE } from "./way-in";

export class StaleConfigError extends AppError {
  constructor(expected: number, actual: number) {
    super(
      `The configuration changed since this plan was made (version ${expected}, now ${actual}). Plan again.`,
      409,
      "STALE_CONFIG",
    );
  }
}

type Options = { db?: Db; now?: Date };

// A change set may touch every integration: give it more time than an interactive transaction's default 5 s.
const CHANGE_SET_TX = { maxWait: 15_000, timeout: 30_000 };

async function readConfigVersion(tx: Db | Tx): Promise<number> {
  return (await tx.configVersion.findUnique({ where: { id: 1 }, select: { version: true } }))?.version ?? 0;
}

async function loadCurrent(tx: Db | Tx): Promise<CurrentConfig> {
  const [rows, policy, breakGlass, configVersion] = await Promise.all([
    tx.integration.findMany({
      select: {
        ...integrationBeforeSelect,
        registrationId: true,
        provider: true,
        enabled: true,
      },
      orderBy: { registrationId: "asc" },
    }),
    tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } }),
    tx.breakGlassAccount.findMany({ select: { user: { select: { email: true } } } }),
    readConfigVersion(tx),
  ]);
  const integrations = [];
  for (const row of rows) {
    const linksUnderIssuer = await tx.account.count({ where: { provider: row.registrationId, issuer: row.issuer } });
    integrations.push({ ...row, emailDomains: row.emailDomains.map((d) => d.domain), linksUnderIssuer });
  }
  return {
    configVersion,
    integrations,
    signInPolicy: { requireSso: policy?.requireSso ?? false, breakGlassAccounts: breakGlass.map((b) => b.user.email) },
  };
}

/** GET /api/v1/config: the document and the version it was read at. */
export async function exportConfig({ db = defaultDb }: Options = {}) {
  const current = await loadCurrent(db);
  return { document: exportDocument(current), configVersion: current.configVersion };
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Compares each given secret with the stored one (server-side only; the result is all that leaves this function). */
async function secretStates(tx: Tx, desired: ConfigDocumentValues): Promise<Record<string, SecretState>> {
  const states: Record<string, SecretState> = {};
  for (const integration of desired.integrations) {
    if (typeof integration.clientSecret !== "string") {
      states[integration.registrationId] = "unresolved";
      continue;
    }
    const row = await tx.integration.findUnique({
      where: { registrationId: integration.registrationId },
      select: { clientSecretSealed: true },
    });
    // Why compare digests with timingSafeEqual: the comparison's timing reveals nothing about the stored secret.
    states[integration.registrationId] =
      row && timingSafeEqual(digest(unseal(row.clientSecretSealed)), digest(integration.clientSecret))
        ? "same"
        : "changed";
  }
  return states;
}

/** The break-glass emails as user ids, or a problem per email that is not an active user with a password. */
async function breakGlassIds(tx: Tx, emails: readonly string[], problems: FieldErrors): Promise<string[]> {
  const users = await tx.user.findMany({
    where: { email: { in: [...emails] } },
    select: { id: true, email: true, disabled: true, passwordHash: true },
  });
  const ids: string[] = [];
  emails.forEach((email, index) => {
    const user = users.find((u) => u.email === email);
    if (!user || user.disabled || !user.passwordHash) {
      problems[`signInPolicy.breakGlassAccounts[${index}]`] =
        `${email} is not an active user with a password; a break-glass account must be one.`;
    } else ids.push(user.id);
  });
  return ids;
}

const POLICY_PATHS: Record<string, string> = {
  requireSso: "signInPolicy.requireSso",
  breakGlassUserIds: "signInPolicy.breakGlassAccounts",
};

async function policyProblems(tx: Tx, ids: string[], desired: ConfigDocumentValues, now: Date, into: FieldErrors) {
  if (!desired.signInPolicy) return;
  const { problems } = await signInPolicyProblems(
    tx,
    { requireSso: desired.signInPolicy.requireSso, breakGlassUserIds: ids },
    now,
  );
  for (const [field, message] of Object.entries(problems)) {
    const path = POLICY_PATHS[field] ?? "signInPolicy";
    // A per-email problem already says more than the list-wide one.
    if (!Object.keys(into).some((p) => p.startsWith(path))) into[path] = message;
  }
}

const throwIfAny = (problems: FieldErrors) => {
  if (Object.keys(problems).length > 0) throw new DocumentError(problems);
};

/** Writes one change through the console's write steps, inside the change set's transaction. */
async function write(tx: Tx, actor: Actor, change: ConfigChange, desired: ConfigDocumentValues) {
  const integration = desired.integrations.find((i) => i.registrationId === change.registrationId);
  if (change.action === "delete") return removeIntegration(tx, actor, change.registrationId!);
  if (!integration) return;
  const secret = typeof integration.clientSecret === "string" ? integration.clientSecret : "";
  const { enabled, clientSecret: _secret, ...settings } = integration;
  // Applied changes are live versions like the console's: kept in the integration's history for Roll back.
  if (change.action === "create") {
    const { row } = await insertIntegration(tx, actor, { ...settings, clientSecret: secret }, { enabled });
    return recordLiveVersionIn(tx, row.id, actor, "create");
  }
  const before = await tx.integration.findUniqueOrThrow({
    where: { registrationId: integration.registrationId },
    select: integrationBeforeSelect,
  });
  const secretChanged = "clientSecret" in change.fields;
  await ensureHistoryBaselineIn(tx, before.id);
  await writeIntegrationUpdate(tx, actor, before, {
    ...settings,
    clientSecret: secretChanged ? secret : "",
    version: before.version,
  });
  if (secretChanged) await noteCurrentSecretIn(tx, before.id, actor);
  await writeIntegrationEnabled(tx, actor, integration.registrationId, enabled);
  await recordLiveVersionIn(tx, before.id, actor, "update");
}

/** Domains an updated integration gives up are released first, so another integration can take them in this set. */
async function releaseDomains(tx: Tx, desired: ConfigDocumentValues, changes: ConfigChange[]) {
  for (const change of changes.filter((c) => c.target === "integration" && c.action === "update")) {
    const keep = desired.integrations.find((i) => i.registrationId === change.registrationId)?.emailDomains ?? [];
    await tx.integrationDomain.deleteMany({
      where: { integration: { registrationId: change.registrationId }, domain: { notIn: [...keep] } },
    });
  }
}

type Result = { configVersion: number; changes: ConfigChange[]; unmanaged: string[] };

class DryRun extends Error {
  constructor(readonly result: Result) {
    super("dry run");
  }
}

/** Attempts at a change set when SQLite refuses its write because another process wrote since it began. */
const CHANGE_SET_ATTEMPTS = 3;

async function run(
  actor: Actor,
  desired: ConfigDocumentValues,
  expected: number | null,
  options: Options,
): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runOnce(actor, desired, expected, options);
    } catch (error) {
      // Why a retry is safe: the change set is one transaction, rolled back whole. SQLite (WAL) refuses at once a
      // transaction that read before another process's write (e.g. a replica's heartbeat) and then writes itself.
      if (attempt >= CHANGE_SET_ATTEMPTS || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function runOnce(
  actor: Actor,
  desired: ConfigDocumentValues,
  expected: number | null,
  { db = defaultDb, now = new Date() }: Options,
): Promise<Result> {
  try {
    return await db.$transaction(async (tx) => {
      const current = await loadCurrent(tx);
      if (expected !== null && current.configVersion !== expected)
        throw new StaleConfigError(expected, current.configVersion);
      const secrets = await secretStates(tx, desired);
      const { changes, unmanaged } = planConfig(current, desired, secrets);
      const problems = planProblems(current, desired, secrets);
      const policyIds = desired.signInPolicy
        ? await breakGlassIds(tx, desired.signInPolicy.breakGlassAccounts, problems)
        : [];
      // Every problem at once: the policy's own rules are judged on today's state when the document has others too.
      if (Object.keys(problems).length > 0) await policyProblems(tx, policyIds, desired, now, problems);
      throwIfAny(problems);
      if (changes.length === 0) return { configVersion: current.configVersion, changes, unmanaged };
      const hadWayIn = await hasWayIn(tx);
      // The version moves first, conditionally: two change sets planned against the same version cannot both pass.
      const bumped = await tx.configVersion.updateMany({
        where: { id: 1, version: current.configVersion },
        data: { version: { increment: 1 } },
      });
      if (bumped.count === 0) {
        if (current.configVersion !== 0) throw new StaleConfigError(current.configVersion, current.configVersion + 1);
        await tx.configVersion.create({ data: { id: 1, version: 1 } });
      }
      await releaseDomains(tx, desired, changes);
      for (const change of changes.filter((c) => c.target === "integration")) await write(tx, actor, change, desired);
      if (desired.signInPolicy && changes.some((c) => c.target === "signInPolicy")) {
        // Judged after the integration changes: "SSO works" must hold for the configuration being applied.
        const after: FieldErrors = {};
        await policyProblems(tx, policyIds, desired, now, after);
        throwIfAny(after);
        await writeSignInPolicy(tx, actor, {
          requireSso: desired.signInPolicy.requireSso,
          breakGlassUserIds: policyIds,
        });
      }
      // Why: configuration as code must never lock out everyone who could repair the configuration.
      if (hadWayIn && !(await hasWayIn(tx))) throw new AppError(LAST_WAY_IN_MESSAGE, 422, "LAST_WAY_IN");
      const configVersion = current.configVersion + 1;
      await audit(tx, {
        actor,
        action: "config.apply",
        targetType: "config",
        details: { configVersion, prune: desired.prune, changes },
      });
      const result = { configVersion, changes, unmanaged };
      if (expected === null) throw new DryRun({ ...result, configVersion: current.configVersion });
      return result;
    }, CHANGE_SET_TX);
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    // A domain taken between the checks and the write (a concurrent console save): the primary key decides.
    if (isUniqueViolation(error)) {
      throw new DocumentError({ integrations: "An email domain or Registration ID was just taken by another change." });
    }
    // The console's own guard (the last user managers' way in) refused one write: for a change set that is the same
    // refusal as the whole-set check above, with its code.
    if (error instanceof ConflictError && error.message === LAST_MANAGER_WAY_IN) {
      throw new AppError(`${LAST_WAY_IN_MESSAGE} (${LAST_MANAGER_WAY_IN})`, 422, "LAST_WAY_IN");
    }
    throw error;
  }
}

/** POST /api/v1/config/plan: the exact changes, judged by the same steps as apply, and nothing written. */
export async function planConfigChanges(actor: Actor, desired: ConfigDocumentValues, options: Options = {}) {
  const result = await run(actor, desired, null, options);
  return { ...result, hasChanges: result.changes.length > 0 };
}

/** POST /api/v1/config/apply: the change set in one transaction, or nothing (409 when the version moved). */
export async function applyConfigChanges(
  actor: Actor,
  desired: ConfigDocumentValues,
  configVersion: number,
  options: Options = {},
) {
  return run(actor, desired, configVersion, options);
}
