// The current configuration as a document (GET /api/v1/config): integrations sorted by Registration ID, domains and
// break-glass accounts sorted, each secret as the environment variable the CLI reads it from. Pure: no I/O.
import { CONFIG_API_VERSION, type ExportedDocument, secretEnvName } from "./document";
import { isProviderId, type ProviderId } from "@/lib/integrations/presets";
import type { CurrentConfig } from "./plan";
import { type ClientAuthMethod, usesClientSecret } from "@/lib/integrations/schema";

export function exportDocument(current: CurrentConfig): ExportedDocument & {
  integrations: (ExportedDocument["integrations"][number] & { emailDomains: string[] })[];
} {
  return {
    apiVersion: CONFIG_API_VERSION,
    integrations: [...current.integrations]
      .sort((a, b) => (a.registrationId < b.registrationId ? -1 : 1))
      .map((i) => ({
        registrationId: i.registrationId,
        provider: (isProviderId(i.provider) ? i.provider : "custom-sso") as ProviderId,
        enabled: i.enabled,
        clientId: i.clientId,
        // Why a reference: no secret ever leaves Keyway, not even towards the admin who exports.
        // Private key JWT sends no secret, so there is none to read from the environment either.
        clientSecret: usesClientSecret(i.clientAuthMethod) ? { fromEnv: secretEnvName(i.registrationId) } : "",
        authorizationUrl: i.authorizationUrl,
        jwksUri: i.jwksUri,
        tokenUri: i.tokenUri,
        userInfoUri: i.userInfoUri,
        issuer: i.issuer,
        clientAuthMethod: i.clientAuthMethod as ClientAuthMethod,
        loginButtonText: i.loginButtonText,
        emailDomains: [...i.emailDomains].sort(),
        trustEmailAddresses: i.trustEmailAddresses,
        showOnSignInScreen: i.showOnSignInScreen,
        scopes: i.scopes,
        authorizationParams: i.authorizationParams,
        emailClaim: i.emailClaim,
        nameClaim: i.nameClaim,
        groupsClaim: i.groupsClaim,
        updateNameOnSignIn: i.updateNameOnSignIn,
        signInRequirement: i.signInRequirement,
        endSessionUri: i.endSessionUri,
        rpInitiatedLogout: i.rpInitiatedLogout,
      })),
    signInPolicy: {
      requireSso: current.signInPolicy.requireSso,
      breakGlassAccounts: [...current.signInPolicy.breakGlassAccounts].sort(),
    },
  };
}
