// The label of each integration setting as the form names it, for diffs (draft, history): the one table of
// integration fields (lib/integrations/fields.ts), plus the rotation's Next client secret. Client-safe.
import { INTEGRATION_FIELDS, isIntegrationField } from "@/lib/integrations/fields";

const OTHER_LABELS: Record<string, string> = { nextClientSecret: "Next client secret" };

export const fieldLabel = (field: string) =>
  isIntegrationField(field) ? INTEGRATION_FIELDS[field].label : (OTHER_LABELS[field] ?? field);
