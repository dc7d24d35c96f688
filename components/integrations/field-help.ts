// One line of help per integration field, shown under it in the form.
export const INTEGRATION_FIELD_HELP = {
  registrationId:
    "A unique id for this integration: 2–40 characters, lower-case a–z, digits and hyphens. It is part of the Redirect URI.",
  clientId: "The public identifier of the client (application) you registered at your identity provider.",
  clientSecret: "The confidential key of that client. Stored encrypted; it is never shown again.",
  authorizationUrl: "Where users are sent to sign in at your identity provider (its authorization endpoint).",
  jwksUri: "The URL of the provider's public keys (JWK Set), used to verify the signature of its ID tokens.",
  tokenUri: "The endpoint where Keyway exchanges the authorization code for tokens.",
  userInfoUri: "The endpoint Keyway reads the user's profile (email, name) from after sign-in.",
  issuer:
    "Optional. The provider's issuer; ID tokens must carry exactly this value. Leave empty to look it up from the provider's discovery document.",
  clientAuthMethod: "How Keyway authenticates to the Token URI. Post is recommended.",
  loginButtonText:
    "The text of the button on the Keyway sign-in screen, e.g. your organisation's name (up to 60 characters).",
  emailDomains:
    "Optional. Email domains of the people who sign in here, separated by commas (e.g. acme.com, acme.co.uk). When set, identities with other domains are refused, and Continue with SSO routes these domains here. A domain belongs to one integration.",
  trustEmailAddresses:
    "Only for IdPs that never send email_verified (e.g. Microsoft Entra): accept a missing claim when linking by email. An explicit false is always refused.",
  showOnSignInScreen:
    "Show a button with the Login Button Text on the sign-in screen. Hidden integrations stay reachable by their email domains.",
} as const;
