// JSON API for one OAuth integration: read, PATCH (with the version it read; 409 when stale; `?draft=true` for the
// draft), DELETE.
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/authz/action";
import {
  deleteIntegration as deleteOp,
  getIntegration as getOp,
  type integrationPatchSchema,
  updateIntegration as updateOp,
} from "@/lib/api/v1/oauth-integrations";
import { type CurrentUser, actorOf } from "@/lib/authz/current-user";
import { apiRead, apiWrite } from "@/lib/authz/route";
import { integrationSchemaPolicy } from "@/lib/config";
import { NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { integrationDetails } from "@/lib/integrations/details";
import { deleteIntegration, setIntegrationEnabled } from "@/lib/integrations/lifecycle";
import { getIntegration } from "@/lib/integrations/queries";
import { draftFormValues, saveDraft } from "@/lib/integrations/rollout/draft";
import { integrationEditFormSchema } from "@/lib/integrations/rotation/schema";
import { INTEGRATION_DEFAULTS, integrationEditSchema, STALE_INTEGRATION_MESSAGE } from "@/lib/integrations/schema";
import { updateIntegration } from "@/lib/integrations/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };
type Patch = z.output<ReturnType<typeof integrationPatchSchema>>;

// Reads one integration (OAUTH_INTEGRATION_READ) with its secrets' added/last-accepted times, never a secret.
export async function GET(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiRead(request, getOp, async () => {
    const integration = await integrationDetails(registrationId);
    if (!integration) throw new NotFoundError("Integration");
    return { integration };
  });
}

// Updates settings and/or `enabled` (OAUTH_INTEGRATION_WRITE); omitted fields keep their values, a missing or empty
// clientSecret keeps the secret. 409 STALE_WRITE when someone saved since `version`. With `?draft=true` the fields
// go into the integration's draft instead; live is untouched.
export async function PATCH(request: Request, { params }: Params) {
  const { registrationId } = await params;
  const draft = new URL(request.url).searchParams.get("draft") === "true";
  // The Registration ID comes from the URL and overrides any in the body.
  return apiWrite(request, updateOp, draft ? applyDraftPatch : applyPatch, { extra: { registrationId } });
}

/** The body's integration fields (those sent), without the ones that are not settings. */
function settingsOf(body: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([key, value]) => key in INTEGRATION_DEFAULTS && key !== "registrationId" && value !== undefined,
    ),
  );
}

async function applyPatch({ registrationId, version, enabled, nextClientSecret, ...body }: Patch, user: CurrentUser) {
  const actor = actorOf(user);
  const current = await getIntegration(registrationId);
  if (!current) throw new NotFoundError("Integration");
  if (current.version !== version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
  const changes = settingsOf(body);
  const rotation =
    nextClientSecret === null ? { removeNextClientSecret: true } : nextClientSecret ? { nextClientSecret } : {};
  if (Object.keys(changes).length > 0 || Object.keys(rotation).length > 0) {
    const { emailDomains, ...stored } = current;
    // The whole edit is parsed again: the fields sent must also make sense together with the stored ones (and a
    // blank secret is refused when the Token URI moves to another origin).
    const parsed = integrationEditFormSchema(integrationSchemaPolicy(), current.tokenUri).safeParse({
      ...stored,
      emailDomains: emailDomains.map((d) => d.domain),
      clientSecret: "",
      ...changes,
      ...rotation,
      registrationId,
      version,
    });
    if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
    await updateIntegration(actor, parsed.data);
  }
  if (enabled !== undefined) await setIntegrationEnabled(actor, registrationId, enabled);
  return { integration: await integrationDetails(registrationId) };
}

async function applyDraftPatch(
  { registrationId, version, enabled, nextClientSecret, ...body }: Patch,
  user: CurrentUser,
) {
  if (enabled !== undefined || nextClientSecret !== undefined) {
    throw new ValidationError({
      [enabled !== undefined ? "enabled" : "nextClientSecret"]: "Not part of a draft: send it without ?draft=true.",
    });
  }
  const current = await getIntegration(registrationId);
  if (!current) throw new NotFoundError("Integration");
  const { emailDomains, ...stored } = current;
  const draft = await draftFormValues(registrationId);
  const parsed = integrationEditSchema(integrationSchemaPolicy()).safeParse({
    ...stored,
    emailDomains: emailDomains.map((d) => d.domain),
    ...(draft?.values ?? {}),
    clientSecret: "",
    ...settingsOf(body),
    registrationId,
    version,
  });
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  await saveDraft(actorOf(user), parsed.data, { keepDraftSecret: true });
  return { integration: await integrationDetails(registrationId) };
}

// Deletes the integration and its users' links (OAUTH_INTEGRATION_WRITE); the body must confirm the Registration ID:
// `{ "confirmation": "<registrationId>" }`.
export async function DELETE(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    deleteOp,
    (input, user) => deleteIntegration(actorOf(user), input.registrationId, input.confirmation),
    { extra: { registrationId } },
  );
}
