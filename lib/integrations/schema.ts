// The zod schema of a Custom SSO integration: the form validates with it (zodResolver) and the server action
// parses with it again. Client-safe: no I/O, no secrets.
import { z } from "zod";
import { hostRefusal, parseAllowList } from "@/lib/http/address-ranges";
import { safeText } from "@/lib/validations/safe-text";
import {
  authorizationParamsSchema,
  CLAIM_DEFAULTS,
  CLAIM_SETTINGS_DEFAULTS,
  claimPathSchema,
  scopesSchema,
  signInRequirementSchema,
} from "./claims";
import { emailDomainsSchema } from "./email-domains";
import { PRESETS, PROVIDER_IDS, type ProviderId, presetRefusal } from "./presets";
import { keptSecretRefusal } from "./identity-settings";

export const CLIENT_AUTH_METHODS = ["client_secret_post", "client_secret_basic", "private_key_jwt"] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];
export const CLIENT_AUTH_METHOD_LABELS: Record<ClientAuthMethod, string> = {
  client_secret_post: "Post",
  client_secret_basic: "Basic",
  private_key_jwt: "Private key JWT",
};
/** Whether a method sends the Client Secret (private_key_jwt signs with a key Keyway generates instead). */
export const usesClientSecret = (method: string) => method !== "private_key_jwt";
export const CLIENT_SECRET_REQUIRED = "Enter the Client Secret.";

/** Every provider the Provider list offers: Custom SSO (any OpenID Connect IdP) and the presets (presets.ts). */
export const PROVIDERS = Object.fromEntries(PROVIDER_IDS.map((id) => [id, PRESETS[id].label])) as Record<
  ProviderId,
  string
>;

/** Path segments next-auth itself uses under /api/auth, so they can never be a Registration ID. */
export const RESERVED_REGISTRATION_IDS = [
  "credentials",
  "signin",
  "signout",
  "callback",
  "session",
  "csrf",
  "providers",
  "error",
  "verify-request",
  "webauthn-options",
  "email",
  "_log",
  "new",
];

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

export type SchemaPolicy = {
  /** Whether plain http is allowed for non-loopback hosts (development, or an explicit operator setting). */
  allowInsecureUrls: boolean;
  /** KEYWAY_OUTBOUND_ALLOW, as the request-time policy reads it (default: nothing allowed). */
  outboundAllow?: string;
  /** Whether the request-time policy allows loopback (outside production; default: yes). */
  allowLoopback?: boolean;
};

export function idpUrl(label: string, policy: SchemaPolicy) {
  return z
    .string()
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(2048, `The ${label} is at most 2,048 characters.`)
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: `The ${label} must be an absolute http(s) URL, like https://idp.example.com/…`,
    })
    .refine(
      (value) => {
        if (!URL.canParse(value)) return true;
        const url = new URL(value);
        // Tokens and secrets travel over these URLs: require TLS unless loopback or explicitly allowed.
        return url.protocol !== "http:" || policy.allowInsecureUrls || LOOPBACK.test(url.hostname);
      },
      { message: `The ${label} must use https.` },
    )
    .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), {
      message: `The ${label} must not contain a user name or password.`,
    })
    .superRefine((value, ctx) => {
      if (!URL.canParse(value)) return;
      // Why at save: the request-time policy refuses these anyway, but then the admin learns nothing until sign-ins
      // fail. Same classification as request time (lib/http/address-ranges.ts), so what one allows the other does.
      const refusal = hostRefusal(new URL(value).hostname, {
        allow: parseAllowList(policy.outboundAllow ?? ""),
        loopbackAllowed: policy.allowLoopback ?? true,
      });
      if (refusal)
        ctx.addIssue({
          code: "custom",
          message: `The ${label} points into Keyway's own network: ${refusal}. Use the IdP's public address, or have the operator allow it with KEYWAY_OUTBOUND_ALLOW.`,
        });
    });
}

// Zod schemas are immutable, so one per policy serves every request. Why: building this one allocates ~100 KB of
// closures and checks (and zod compiles a parser per object schema on its first parse), which the JSON API did on
// every write; most of it outlived the young generation and grew the server's heap (see docs/performance.md, RSS).
// Keyed by the policy: a schema that accepts plain http URLs is never handed out when the policy requires https.
const built = new Map<string, unknown>();
function once<T>(key: string, policy: SchemaPolicy, make: () => T): T {
  const id = `${key}:${policy.allowInsecureUrls}:${policy.allowLoopback ?? true}:${policy.outboundAllow ?? ""}`;
  if (!built.has(id)) built.set(id, make());
  return built.get(id) as T;
}

/** The integration's fields without the cross-field preset rule: to pick from or extend (zod refuses that once refined). */
export function integrationFieldsSchema(policy: SchemaPolicy) {
  return once("fields", policy, () => buildIntegrationSchema(policy));
}

/** The preset's own rule (Entra: one tenant's issuer; Google: hd must equal the domain), for every caller. */
export function presetRule(
  values: { provider: string; issuer: string; signInRequirement: string },
  ctx: z.RefinementCtx,
): void {
  const refused = presetRefusal(values.provider, values);
  if (refused) ctx.addIssue({ code: "custom", path: [refused.field], message: refused.message });
}

export function integrationSchema(policy: SchemaPolicy) {
  return once("create", policy, () => integrationFieldsSchema(policy).superRefine(presetRule));
}

function buildIntegrationSchema(policy: SchemaPolicy) {
  return z.object({
    provider: z.enum(PROVIDER_IDS, "Choose a provider."),
    registrationId: z
      .string()
      .trim()
      .min(2, "Registration ID is 2–40 characters.")
      .max(40, "Registration ID is 2–40 characters.")
      .regex(/^[a-z0-9-]+$/, "Use only lower-case letters a–z, digits and hyphens.")
      .refine((id) => !RESERVED_REGISTRATION_IDS.includes(id), {
        message: "This Registration ID is reserved; choose another.",
      }),
    clientId: z.string().trim().min(1, "Enter the Client ID.").max(512, "The Client ID is at most 512 characters."),
    // Required for Post and Basic only: integrationCreateSchema and the service check it (schemas stay extendable).
    clientSecret: z.string().max(2048, "The Client Secret is at most 2,048 characters.").default(""),
    authorizationUrl: idpUrl("Authorization URL", policy),
    jwksUri: idpUrl("JWK Set URI", policy),
    tokenUri: idpUrl("Token URI", policy),
    userInfoUri: idpUrl("User Info URI", policy),
    issuer: z.union([z.literal(""), idpUrl("Issuer", policy)]).default(""),
    clientAuthMethod: z.enum(CLIENT_AUTH_METHODS, "Choose Post, Basic or Private key JWT."),
    loginButtonText: safeText("Login Button Text", 1, 60),
    emailDomains: emailDomainsSchema.default([]),
    trustEmailAddresses: z.boolean("Choose whether to trust this IdP's email addresses.").default(false),
    showOnSignInScreen: z.boolean("Choose whether to show the button.").default(true),
    scopes: scopesSchema,
    authorizationParams: authorizationParamsSchema,
    emailClaim: claimPathSchema("Email claim", CLAIM_DEFAULTS.emailClaim),
    nameClaim: claimPathSchema("Name claim", CLAIM_DEFAULTS.nameClaim),
    groupsClaim: claimPathSchema("Groups claim", CLAIM_DEFAULTS.groupsClaim),
    updateNameOnSignIn: z.boolean("Choose whether to update names at sign-in.").default(false),
    signInRequirement: signInRequirementSchema,
    endSessionUri: z.union([z.literal(""), idpUrl("End Session URI", policy)]).default(""),
    rpInitiatedLogout: z.boolean("Choose whether Sign out reaches the IdP.").default(false),
  });
}

/** Whether values (possibly malformed) lack the Client Secret their method needs. */
export function clientSecretMissing(value: unknown): boolean {
  const { clientAuthMethod, clientSecret } = (value ?? {}) as { clientAuthMethod?: unknown; clientSecret?: unknown };
  return usesClientSecret(String(clientAuthMethod ?? "")) && !clientSecret;
}

/** Add Integration (form, action, API): the fields, and a Client Secret unless the method is Private key JWT. */
export function integrationCreateSchema(policy: SchemaPolicy) {
  return once("create-refined", policy, () =>
    integrationSchema(policy).refine((values) => !clientSecretMissing(values), {
      path: ["clientSecret"],
      message: CLIENT_SECRET_REQUIRED,
      // Also while other fields are wrong, so the form names every missing field at once.
      when: ({ value }) => clientSecretMissing(value),
    }),
  );
}

/** Edit: the same fields; an empty Client Secret keeps the stored one; `version` is the one the admin read. */
export function integrationEditSchema(policy: SchemaPolicy) {
  return once("edit", policy, () =>
    integrationFieldsSchema(policy)
      .extend({
        clientSecret: z.string().max(2048, "The Client Secret is at most 2,048 characters.").default(""),
        version: z.number("Reload the page and try again.").int().positive(),
      })
      .superRefine(presetRule),
  );
}

/**
 * Edit, knowing the saved Token URI (the form has it, the API reads it): a blank Client Secret is refused once the
 * Token URI moves to another origin. The service applies the same rule to every caller (service.ts).
 */
export function integrationEditSchemaFor(policy: SchemaPolicy, savedTokenUri: string) {
  return integrationEditSchema(policy).superRefine((values, ctx) => {
    const message = keptSecretRefusal(savedTokenUri, values.tokenUri, values.clientSecret, values.clientAuthMethod);
    if (message) ctx.addIssue({ code: "custom", path: ["clientSecret"], message });
  });
}

export const STALE_INTEGRATION_MESSAGE = "This integration was changed by someone else. Reload to see the changes.";

export type IntegrationEditValues = z.output<ReturnType<typeof integrationEditSchema>>;
export type IntegrationFormInput = z.input<ReturnType<typeof integrationSchema>>;
export type IntegrationFormValues = z.output<ReturnType<typeof integrationSchema>>;

export const INTEGRATION_DEFAULTS: IntegrationFormInput = {
  provider: "custom-sso",
  registrationId: "",
  clientId: "",
  clientSecret: "",
  authorizationUrl: "",
  jwksUri: "",
  tokenUri: "",
  userInfoUri: "",
  issuer: "",
  clientAuthMethod: "client_secret_post",
  loginButtonText: "",
  emailDomains: "",
  trustEmailAddresses: false,
  showOnSignInScreen: true,
  ...CLAIM_SETTINGS_DEFAULTS,
  endSessionUri: "",
  rpInitiatedLogout: false,
};

/** Disable / Enable buttons. */
export const setIntegrationEnabledSchema = z.object({ registrationId: z.string().min(1), enabled: z.boolean() });

/** Delete dialog: the admin types the Registration ID ("Type the Registration ID to confirm"). */
export const deleteIntegrationSchema = z.object({
  registrationId: z.string().min(1),
  confirmation: z.string().trim().max(40).default(""),
});

/** "Issuer or discovery URL" + Fetch configuration. */
export const fetchConfigurationSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the IdP's issuer or discovery URL.")
    .max(2048, "The URL is at most 2,048 characters."),
});
