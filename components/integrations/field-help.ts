// One line of help per integration field, shown under it in the form.
export const INTEGRATION_FIELD_HELP = {
  registrationId: "A unique id for this integration: 2–40 characters, lower-case a–z, digits and hyphens. It is part of the Redirect URI.",
  clientId: "The public identifier of the client (application) you registered at your identity provider.",
  clientSecret: "The confidential key of that client. Stored encrypted; it is never shown again.",
  authorizationUrl: "Where users are sent to sign in at your identity provider (its authorization endpoint).",
  jwksUri: "The URL of the provider's public keys (JWK Set), used to verify the signature of its ID tokens.",
  tokenUri: "The endpoint where Keyway exchanges the authorization code for tokens.",
  userInfoUri: "The endpoint Keyway reads the user's profile (email, name) from after sign-in.",
  issuer: "Optional. The provider's issuer; ID tokens must carry exactly this value. Leave empty to look it up from the provider's discovery document.",
  clientAuthMethod: "How Keyway authenticates to the Token URI. Post is recommended.",
  loginButtonText: "The text of the button on the Keyway sign-in screen, e.g. your organisation's name (up to 60 characters).",
} as const;
