// The integration a test sign-in runs against, enabled or not (an integration can be proven before it goes live).
import "server-only";
import { NotFoundError } from "@/lib/errors";
import { unseal } from "@/lib/crypto/seal";
import { loadIntegrationWithSecret } from "../queries";
import type { TestIntegration } from "./flow";

export async function loadTestIntegration(registrationId: string): Promise<TestIntegration> {
  const row = await loadIntegrationWithSecret(registrationId);
  if (!row) throw new NotFoundError("The integration");
  const { clientSecretSealed, ...rest } = row;
  return { ...rest, clientSecret: unseal(clientSecretSealed) };
}
