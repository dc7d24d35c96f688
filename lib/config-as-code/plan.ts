// The plan: what applying a document would change, computed from the current configuration alone (pure, no I/O).
// Fields are compared with the same diff the audit log records (lib/integrations/diff.ts), so a plan reads like the
// audit events it will produce; secrets appear only as "set" or "changed".
import { auditDiff, type AuditChanges, EDITABLE_FIELDS } from "@/lib/integrations/diff";
import { identityRelevantFieldsChanged } from "@/lib/integrations/identity-settings";
import type { FieldErrors } from "@/lib/errors";
import type { EditableColumnValues } from "@/lib/integrations/fields";
import type { ConfigDocumentValues } from "./document";

export type CurrentIntegration = EditableColumnValues & {
  registrationId: string;
  provider: string;
  enabled: boolean;
  emailDomains: string[];
  /** Users linked under the current issuer (they stop matching when the issuer changes). */
  linksUnderIssuer: number;
};

export type CurrentConfig = {
  configVersion: number;
  integrations: CurrentIntegration[];
  signInPolicy: { requireSso: boolean; breakGlassAccounts: string[] };
};

/** How a document's secret compares with the stored one: given and equal, given and different, or not given. */
export type SecretState = "same" | "changed" | "unresolved";

export type ConfigChange = {
  target: "integration" | "signInPolicy";
  registrationId?: string;
  action: "create" | "update" | "delete";
  /** update: before → after per changed field (secret: "changed"); create: every setting (secret: "set"). */
  fields: AuditChanges | Record<string, string | boolean>;
  notes: string[];
};

export type ConfigPlan = { changes: ConfigChange[]; unmanaged: string[] };

type DesiredIntegration = ConfigDocumentValues["integrations"][number];

const CONFIGURER_NOTE =
  "You become this integration's identity configurer: email linking through it is bounded by your authorities.";
const DISABLE_NOTE = "Its button leaves the sign-in screen and its sign-ins are refused until it is enabled again.";

const sortedText = (values: readonly string[]) => [...values].sort().join(", ");

function createFields(desired: DesiredIntegration): Record<string, string | boolean> {
  const fields: Record<string, string | boolean> = {};
  for (const key of Object.keys(EDITABLE_FIELDS) as (keyof typeof EDITABLE_FIELDS)[]) fields[key] = desired[key];
  return { ...fields, emailDomains: sortedText(desired.emailDomains), enabled: desired.enabled, clientSecret: "set" };
}

function updateChange(current: CurrentIntegration, desired: DesiredIntegration, secret: SecretState): ConfigChange {
  const fields: AuditChanges = auditDiff(current, desired, { secretChanged: secret === "changed" });
  if (current.enabled !== desired.enabled) fields.enabled = { from: current.enabled, to: desired.enabled };
  const notes: string[] = [];
  const identityChanged = identityRelevantFieldsChanged(current, {
    ...desired,
    clientSecret: secret === "changed" ? "changed" : "",
  });
  if (identityChanged) notes.push(CONFIGURER_NOTE);
  if (current.issuer !== desired.issuer) {
    notes.push(
      `Issuer changes: ${current.linksUnderIssuer} linked account${current.linksUnderIssuer === 1 ? "" : "s"} stop matching; ` +
        "people re-link by verified email on their next sign-in.",
    );
  }
  if (current.enabled && !desired.enabled) notes.push(DISABLE_NOTE);
  return { target: "integration", registrationId: current.registrationId, action: "update", fields, notes };
}

export function planConfig(
  current: CurrentConfig,
  desired: ConfigDocumentValues,
  secrets: Record<string, SecretState>,
): ConfigPlan {
  const byId = new Map(current.integrations.map((i) => [i.registrationId, i]));
  const wanted = new Set(desired.integrations.map((i) => i.registrationId));
  const changes: ConfigChange[] = [];
  for (const integration of desired.integrations) {
    const existing = byId.get(integration.registrationId);
    if (!existing) {
      const notes = [CONFIGURER_NOTE, ...(integration.enabled ? [] : [DISABLE_NOTE])];
      changes.push({
        target: "integration",
        registrationId: integration.registrationId,
        action: "create",
        fields: createFields(integration),
        notes,
      });
      continue;
    }
    const change = updateChange(existing, integration, secrets[integration.registrationId] ?? "unresolved");
    if (Object.keys(change.fields).length > 0) changes.push(change);
  }
  const missing = current.integrations.filter((i) => !wanted.has(i.registrationId));
  if (desired.prune) {
    for (const integration of missing) {
      changes.push({
        target: "integration",
        registrationId: integration.registrationId,
        action: "delete",
        fields: {},
        notes: [
          `Deletes the integration and ${integration.linksUnderIssuer} user link${integration.linksUnderIssuer === 1 ? "" : "s"} to it (the users stay).`,
        ],
      });
    }
  }
  if (desired.signInPolicy) {
    const fields: AuditChanges = {};
    const [now, next] = [current.signInPolicy, desired.signInPolicy];
    if (now.requireSso !== next.requireSso) fields.requireSso = { from: now.requireSso, to: next.requireSso };
    const [from, to] = [sortedText(now.breakGlassAccounts), sortedText(next.breakGlassAccounts)];
    if (from !== to) fields.breakGlassAccounts = { from, to };
    if (Object.keys(fields).length > 0) changes.push({ target: "signInPolicy", action: "update", fields, notes: [] });
  }
  return { changes, unmanaged: desired.prune ? [] : missing.map((i) => i.registrationId) };
}

/**
 * The problems a document has against the current configuration that its schema alone cannot see (every one at
 * once, keyed by document path): a new integration without its secret, an email domain an integration outside the
 * document keeps.
 */
export function planProblems(
  current: CurrentConfig,
  desired: ConfigDocumentValues,
  secrets: Record<string, SecretState>,
): FieldErrors {
  const problems: FieldErrors = {};
  const existing = new Set(current.integrations.map((i) => i.registrationId));
  const wanted = new Set(desired.integrations.map((i) => i.registrationId));
  const keptOwner = new Map<string, string>();
  if (!desired.prune) {
    for (const integration of current.integrations)
      if (!wanted.has(integration.registrationId))
        for (const domain of integration.emailDomains) keptOwner.set(domain, integration.registrationId);
  }
  desired.integrations.forEach((integration, index) => {
    const path = `integrations[${index}]`;
    if (!existing.has(integration.registrationId) && secrets[integration.registrationId] === "unresolved") {
      const name =
        "fromEnv" in Object(integration.clientSecret) ? (integration.clientSecret as { fromEnv: string }).fromEnv : "";
      problems[`${path}.clientSecret`] =
        `A new integration needs its client secret: send it, or set ${name} where the CLI runs.`;
    }
    const taken = integration.emailDomains.find((domain) => keptOwner.has(domain));
    if (taken) {
      problems[`${path}.emailDomains`] =
        `The domain ${taken} is used by the integration ${keptOwner.get(taken)}, which this document leaves as it is ` +
        "(add it to the document without that domain, or use prune: true).";
    }
  });
  return problems;
}
