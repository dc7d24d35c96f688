// JSON API for one OAuth integration: read, PATCH (with the version it read; 409 when stale), DELETE.
import { z } from "zod";
import { fieldErrorsOf } from "@/lib/authz/action";
import type { CurrentUser } from "@/lib/authz/current-user";
import { authorizedJsonRead, authorizedJsonWrite } from "@/lib/authz/route";
import { integrationSchemaPolicy } from "@/lib/config";
import { NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { deleteIntegration, setIntegrationEnabled } from "@/lib/integrations/lifecycle";
import { getIntegration } from "@/lib/integrations/queries";
import {
  deleteIntegrationSchema,
  INTEGRATION_DEFAULTS,
  integrationEditSchemaFor,
  STALE_INTEGRATION_MESSAGE,
} from "@/lib/integrations/schema";
import { updateIntegration } from "@/lib/integrations/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };

// Any editable field may be sent; `version` (as read) is required, `enabled` switches the integration on or off.
const patchSchema = z.looseObject({
  registrationId: z.string(),
  version: z.number("Send the version you read (GET this integration).").int().positive(),
  enabled: z.boolean().optional(),
});

// Reads one integration (OAUTH_INTEGRATION_READ), never its secret.
export async function GET(_request: Request, { params }: Params) {
  const { registrationId } = await params;
  return authorizedJsonRead({
    authority: "OAUTH_INTEGRATION_READ",
    handler: async () => {
      const integration = await getIntegration(registrationId);
      if (!integration) throw new NotFoundError("Integration");
      return { integration };
    },
  });
}

// Updates settings and/or `enabled` (OAUTH_INTEGRATION_WRITE); omitted fields keep their values, a missing or empty
// clientSecret keeps the secret. 409 STALE_WRITE when someone saved since `version`.
export async function PATCH(request: Request, { params }: Params) {
  const { registrationId } = await params;
  // The Registration ID comes from the URL and overrides any in the body.
  return authorizedJsonWrite(request, {
    authority: "OAUTH_INTEGRATION_WRITE",
    schema: patchSchema,
    handler: applyPatch,
    extra: { registrationId },
    okStatus: 200,
  });
}

async function applyPatch(
  { registrationId, version, enabled, ...body }: z.output<typeof patchSchema>,
  user: CurrentUser,
) {
  const actor = { id: user.id, email: user.email };
  const current = await getIntegration(registrationId);
  if (!current) throw new NotFoundError("Integration");
  if (current.version !== version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
  const changes = Object.fromEntries(
    Object.entries(body).filter(([key]) => key in INTEGRATION_DEFAULTS && key !== "registrationId"),
  );
  if (Object.keys(changes).length > 0) {
    const { emailDomains, ...stored } = current;
    const parsed = integrationEditSchemaFor(integrationSchemaPolicy(), current.tokenUri).safeParse({
      ...stored,
      emailDomains: emailDomains.map((d) => d.domain),
      clientSecret: "",
      ...changes,
      registrationId,
      version,
    });
    if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
    await updateIntegration(actor, parsed.data);
  }
  if (enabled !== undefined) await setIntegrationEnabled(actor, registrationId, enabled);
  return { integration: await getIntegration(registrationId) };
}

// Deletes the integration and its users' links (OAUTH_INTEGRATION_WRITE); the body must confirm the Registration ID:
// `{ "confirmation": "<registrationId>" }`.
export async function DELETE(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return authorizedJsonWrite(request, {
    authority: "OAUTH_INTEGRATION_WRITE",
    schema: deleteIntegrationSchema,
    handler: (input, user) =>
      deleteIntegration({ id: user.id, email: user.email }, input.registrationId, input.confirmation),
    extra: { registrationId },
    okStatus: 200,
  });
}
