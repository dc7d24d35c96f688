// The field diff an integration edit records: before → after for each changed setting; the secret only as "changed".
// Which fields exist, and which are secret, comes from the one table of integration fields (fields.ts).
import { EDITABLE_COLUMNS } from "./fields";

export const EDITABLE_FIELDS = EDITABLE_COLUMNS;

type Settings = { [K in keyof typeof EDITABLE_FIELDS]: string | boolean };
type WithDomains = Settings & { emailDomains: readonly (string | { domain: string })[] };

export type FieldChange = { from: string | boolean; to: string | boolean } | "changed";
export type AuditChanges = Record<string, FieldChange>;

const domainsText = (domains: WithDomains["emailDomains"]) =>
  domains
    .map((d) => (typeof d === "string" ? d : d.domain))
    .sort()
    .join(", ");

export function auditDiff(
  before: WithDomains,
  after: WithDomains,
  { secretChanged }: { secretChanged: boolean },
): AuditChanges {
  const changes: AuditChanges = {};
  for (const key of Object.keys(EDITABLE_FIELDS) as (keyof Settings)[]) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  const [fromDomains, toDomains] = [domainsText(before.emailDomains), domainsText(after.emailDomains)];
  if (fromDomains !== toDomains) changes.emailDomains = { from: fromDomains, to: toDomains };
  // Why only "changed": the secret itself (old or new) never goes into the audit log.
  if (secretChanged) changes.clientSecret = "changed";
  return changes;
}
