// One line of help per integration field, shown under it in the form (from the one table of integration fields).
import { INTEGRATION_FIELDS, type IntegrationFieldName } from "@/lib/integrations/fields";

export const INTEGRATION_FIELD_HELP = Object.fromEntries(
  Object.entries(INTEGRATION_FIELDS).map(([name, field]) => [name, field.help]),
) as { [K in IntegrationFieldName]: string };
