// Email-first sign-in: which integration owns the domain of the email a person typed.
import "server-only";
import { brokenRegistrationIds } from "@/lib/integrations/broken";
import { emailDomainOf } from "@/lib/integrations/email-domains";
import { integrationForEmailDomain } from "@/lib/integrations/queries";
import { noSsoMessage, ssoEmailSchema, type SsoRoute } from "./sso-email";

export async function routeEmailToSso(raw: unknown): Promise<SsoRoute> {
  const parsed = ssoEmailSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? noSsoMessage(null) };
  const domain = emailDomainOf(parsed.data.email);
  if (!domain) return { ok: false, error: noSsoMessage(null) };
  const integration = await integrationForEmailDomain(domain);
  // Hidden integrations (no button) are reachable here by design; disabled ones are not reachable at all.
  // A broken integration (its secret cannot be decrypted) could only fail: not offered either.
  if (!integration?.enabled || (await brokenRegistrationIds()).has(integration.registrationId))
    return { ok: false, error: noSsoMessage(domain) };
  return { ok: true, registrationId: integration.registrationId };
}
