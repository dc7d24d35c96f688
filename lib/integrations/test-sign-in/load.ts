// The integration a test sign-in runs against, enabled or not (an integration can be proven before it goes live).
import "server-only";
import { NotFoundError } from "@/lib/errors";
import { groupsUsedBy } from "@/lib/auth/oidc-provider";
import { unseal } from "@/lib/crypto/seal";
import { loadIntegrationWithSecret } from "../queries";
import { draftIntegrationConfig } from "../rollout/draft";
import type { TestIntegration } from "./flow";

/** The live configuration, or with `draft` the integration's draft (staged rollout: tried before it goes live). */
export async function loadTestIntegration(
  registrationId: string,
  { draft = false }: { draft?: boolean } = {},
): Promise<TestIntegration> {
  if (draft) return draftIntegrationConfig(registrationId);
  const row = await loadIntegrationWithSecret(registrationId);
  if (!row) throw new NotFoundError("The integration");
  const { clientSecretSealed, _count, ...rest } = row;
  return { ...rest, groupsUsed: groupsUsedBy(rest, _count.groupMappings), clientSecret: unseal(clientSecretSealed) };
}
