// Builds what the checks run against: a saved integration (its sealed secret unsealed here, on the server only)
// or a form's unsaved values.
import "server-only";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { redirectUriFor } from "@/lib/config";
import { unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb } from "@/lib/db";
import { keptSecretRefusal } from "../identity-settings";
import { loadIntegrationWithSecret } from "../queries";
import { nextSecretFor } from "../rotation/secrets";
import type { ConnectionCheckValues } from "./schema";
import type { CheckTarget } from "./types";
import { usesClientSecret } from "../schema";

export async function savedCheckTarget(registrationId: string, db: Db = defaultDb): Promise<CheckTarget> {
  const row = await loadIntegrationWithSecret(registrationId, db);
  if (!row) throw new NotFoundError("The integration");
  const { clientSecretSealed, registrationId: id, id: integrationId, ...rest } = row;
  // Private key JWT sends no secret, so a next secret left from before is not probed (checks, drift watch).
  const nextClientSecret = usesClientSecret(row.clientAuthMethod)
    ? await nextSecretFor(integrationId, row.tokenUri, db)
    : undefined;
  return {
    ...rest,
    clientSecret: unseal(clientSecretSealed),
    redirectUri: redirectUriFor(id),
    nextClientSecret,
    registrationId: id,
  };
}

export async function formCheckTarget(values: ConnectionCheckValues, db: Db = defaultDb): Promise<CheckTarget> {
  const { clientSecret, registrationId, ...rest } = values;
  const target = { ...rest, redirectUri: redirectUriFor(registrationId), registrationId };
  if (clientSecret) return { ...target, clientSecret };
  // Private key JWT sends no secret: the probe signs with the saved integration's key (if it has one).
  if (!usesClientSecret(values.clientAuthMethod)) return { ...target, clientSecret: "" };
  const saved = await loadIntegrationWithSecret(registrationId, db);
  // Why: the saved secret may only go where it already goes; a form pointing the Token URI at another host
  // must have the secret typed again, so a check can never carry a stored secret somewhere new.
  if (!saved || keptSecretRefusal(saved.tokenUri, values.tokenUri, "")) {
    throw new ValidationError({ clientSecret: "Enter the Client Secret to check these values." });
  }
  return { ...target, clientSecret: unseal(saved.clientSecretSealed) };
}
