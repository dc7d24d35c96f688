// The integration a test sign-in runs against, enabled or not (an integration can be proven before it goes live).
import "server-only";
import { NotFoundError } from "@/lib/errors";
import { unseal } from "@/lib/crypto/seal";
import { db } from "@/lib/db";
import type { TestIntegration } from "./flow";

export async function loadTestIntegration(registrationId: string): Promise<TestIntegration> {
  const row = await db.integration.findUnique({
    where: { registrationId },
    select: {
      registrationId: true,
      clientId: true,
      clientSecretSealed: true,
      clientAuthMethod: true,
      authorizationUrl: true,
      tokenUri: true,
      userInfoUri: true,
      jwksUri: true,
      issuer: true,
    },
  });
  if (!row) throw new NotFoundError("The integration");
  const { clientSecretSealed, ...rest } = row;
  return { ...rest, clientSecret: unseal(clientSecretSealed) };
}
