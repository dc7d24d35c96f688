// Microsoft Entra accepts a private_key_jwt client assertion only when its header names the registered
// certificate by its SHA-1 thumbprint (`x5t`; keycloak #12946). oidc-provider's hook for extra assertion checks
// makes the test IdP refuse the same way, so a passing sign-in proves Keyway sends `x5t` — and the right one.
import { errors, type KoaContextWithOIDC } from "oidc-provider";

type Client = { clientAuthMethod?: string; asymmetricKeyStore?: Iterable<Record<string, unknown>> };

export function assertEntraLikeClientAssertion(
  _ctx: KoaContextWithOIDC,
  _claims: Record<string, unknown>,
  header: Record<string, unknown>,
  client: Client,
): void {
  if (client.clientAuthMethod !== "private_key_jwt") return;
  if (typeof header.x5t !== "string" || !header.x5t)
    throw new errors.InvalidClientAuth("client_assertion header has no x5t (the certificate thumbprint is required)");
  // The assertion has been verified with one of the client's keys: its x5t must name a published key's certificate.
  const keys = [...(client.asymmetricKeyStore ?? [])];
  if (!keys.some((key) => key.x5t === header.x5t))
    throw new errors.InvalidClientAuth("client_assertion x5t matches no registered certificate");
}
