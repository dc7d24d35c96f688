// Provider presets (issue 16): each asks only what its IdP needs (Entra: tenant ID; Okta: org URL and authorization
// server; Google: the Workspace domain; Keycloak: base URL and realm…), derives the issuer that discovery then fills
// every endpoint from, sets that IdP's defaults, and keeps its rules at save (Entra: a tenant-specific issuer; Google:
// `hd` must equal the domain). An integration made from a preset is a normal integration with the preset's name,
// editable field by field. Client-safe: no I/O.
import { parseSignInRequirement } from "./claims";

export type PresetInput = { name: string; label: string; help: string; placeholder: string; optional?: boolean };

/** What a preset fills in besides the endpoints discovery finds. */
export type PresetSettings = Partial<{
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  signInRequirement: string;
  emailDomains: string;
  trustEmailAddresses: boolean;
}>;

export type PresetRefusal = { field: "issuer" | "signInRequirement"; message: string };

export type Preset = {
  label: string;
  inputs: PresetInput[];
  /** The issuer (discovery runs on it), or the reason the inputs cannot make one. */
  issuer: (values: Record<string, string>) => { issuer: string } | { error: string };
  settings: (values: Record<string, string>) => PresetSettings;
  /** The preset's own rule at save (the field it concerns and why), or null when the values keep it. */
  rule?: (values: { issuer: string; signInRequirement: string }) => PresetRefusal | null;
};

const trimmed = (value: string | undefined) => (value ?? "").trim();
const withoutSlash = (value: string) => value.replace(/\/+$/, "");
const asUrl = (value: string) => (/^https?:\/\//i.test(value) ? value : `https://${value}`);

function baseUrl(value: string | undefined, label: string): { base: string } | { error: string } {
  const text = trimmed(value);
  if (!text) return { error: `Enter the ${label}.` };
  const url = asUrl(text);
  if (/\s/.test(text) || !URL.canParse(url) || !/^[a-z0-9.-]+$/i.test(new URL(url).hostname.replace(/^\[.*\]$/, "ip6")))
    return { error: `The ${label} must be a URL, like https://idp.example.com.` };
  return { base: withoutSlash(url) };
}

const ENTRA_MULTI_TENANT = ["common", "organizations", "consumers"];
const ENTRA_ISSUER = /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/v2\.0\/?$/;
const TENANT = /^[A-Za-z0-9.-]{1,100}$/;

export const PRESETS = {
  "custom-sso": {
    label: "Custom SSO",
    inputs: [],
    issuer: () => ({ error: "Custom SSO has no preset: fill in the fields or fetch from the issuer." }),
    settings: () => ({}),
  },
  "entra-id": {
    label: "Microsoft Entra ID",
    inputs: [
      {
        name: "tenantId",
        label: "Tenant ID",
        help: "Directory (tenant) ID from the app registration's Overview page, or your tenant's domain (contoso.onmicrosoft.com).",
        placeholder: "00000000-0000-0000-0000-000000000000",
      },
    ],
    issuer: ({ tenantId }) => {
      const tenant = trimmed(tenantId);
      if (!TENANT.test(tenant)) return { error: "Enter the Directory (tenant) ID or the tenant's domain." };
      // Why: multi-tenant endpoints issue tokens whose issuer is a `{tenantid}` template: no one issuer to verify.
      if (ENTRA_MULTI_TENANT.includes(tenant.toLowerCase()))
        return { error: `"${tenant}" is not one tenant: enter your own tenant ID, so only its tokens are accepted.` };
      return { issuer: `https://login.microsoftonline.com/${tenant}/v2.0` };
    },
    settings: () => ({ scopes: "openid email profile", emailClaim: "email", groupsClaim: "groups" }),
    rule: ({ issuer }) => {
      const tenant = ENTRA_ISSUER.exec(issuer)?.[1];
      if (!tenant || tenant.includes("{") || ENTRA_MULTI_TENANT.includes(tenant.toLowerCase()))
        return {
          field: "issuer",
          message:
            "Microsoft Entra ID needs a tenant-specific issuer, like https://login.microsoftonline.com/<tenant ID>/v2.0 (not common, organizations or {tenantid}).",
        };
      return null;
    },
  },
  okta: {
    label: "Okta",
    inputs: [
      {
        name: "orgUrl",
        label: "Okta org URL",
        help: "Your Okta domain, e.g. https://acme.okta.com.",
        placeholder: "https://acme.okta.com",
      },
      {
        name: "authorizationServer",
        label: "Authorization server",
        help: "Empty for the org authorization server; default, or the ID of a custom authorization server (Security > API).",
        placeholder: "default (optional)",
        optional: true,
      },
    ],
    issuer: ({ orgUrl, authorizationServer }) => {
      const org = baseUrl(orgUrl, "Okta org URL");
      if ("error" in org) return org;
      const server = trimmed(authorizationServer);
      if (server && !/^[A-Za-z0-9_-]{1,100}$/.test(server))
        return { error: "The authorization server is default or its ID (letters, digits, _ and -)." };
      return { issuer: server ? `${org.base}/oauth2/${server}` : org.base };
    },
    settings: () => ({ scopes: "openid email profile groups", groupsClaim: "groups" }),
  },
  "google-workspace": {
    label: "Google Workspace",
    inputs: [
      {
        name: "domain",
        label: "Workspace domain",
        help: "Your Google Workspace primary domain: only accounts of this domain (the hd claim) may sign in.",
        placeholder: "acme.com",
      },
    ],
    issuer: ({ domain }) =>
      /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(trimmed(domain))
        ? { issuer: "https://accounts.google.com" }
        : { error: "Enter your Workspace domain, like acme.com." },
    settings: ({ domain }) => ({
      scopes: "openid email profile",
      // Why: any Google account (gmail.com too) gets tokens from the same issuer; hd is what names the Workspace.
      signInRequirement: `hd equals ${trimmed(domain).toLowerCase()}`,
      emailDomains: trimmed(domain).toLowerCase(),
    }),
    rule: ({ signInRequirement }) => {
      const requirement = parseSignInRequirement(signInRequirement);
      return requirement?.path === "hd" && requirement.operator === "equals"
        ? null
        : {
            field: "signInRequirement",
            message:
              "Google Workspace needs Sign-in requires to be hd equals <your domain>: any Google account gets tokens from this issuer.",
          };
    },
  },
  keycloak: {
    label: "Keycloak",
    inputs: [
      {
        name: "baseUrl",
        label: "Keycloak URL",
        help: "The server's URL, e.g. https://sso.acme.com.",
        placeholder: "https://sso.acme.com",
      },
      {
        name: "realm",
        label: "Realm",
        help: "The realm's name, as in the admin console's realm list.",
        placeholder: "acme",
      },
    ],
    issuer: ({ baseUrl: url, realm }) => {
      const base = baseUrl(url, "Keycloak URL");
      if ("error" in base) return base;
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(trimmed(realm))) return { error: "Enter the realm's name." };
      return { issuer: `${base.base}/realms/${encodeURIComponent(trimmed(realm))}` };
    },
    settings: () => ({ scopes: "openid email profile", groupsClaim: "groups" }),
  },
  auth0: {
    label: "Auth0",
    inputs: [
      {
        name: "domain",
        label: "Auth0 domain",
        help: "The application's Domain (acme.eu.auth0.com, or your custom domain).",
        placeholder: "acme.eu.auth0.com",
      },
    ],
    issuer: ({ domain }) => {
      const base = baseUrl(domain, "Auth0 domain");
      return "error" in base ? base : { issuer: `${base.base}/` };
    },
    settings: () => ({ scopes: "openid email profile", groupsClaim: "https://keyway/groups" }),
  },
  authentik: {
    label: "authentik",
    inputs: [
      {
        name: "baseUrl",
        label: "authentik URL",
        help: "e.g. https://auth.acme.com.",
        placeholder: "https://auth.acme.com",
      },
      {
        name: "slug",
        label: "Application slug",
        help: "The slug of the Keyway application in authentik.",
        placeholder: "keyway",
      },
    ],
    issuer: ({ baseUrl: url, slug }) => {
      const base = baseUrl(url, "authentik URL");
      if ("error" in base) return base;
      if (!/^[a-z0-9_-]{1,100}$/.test(trimmed(slug))) return { error: "Enter the application's slug." };
      return { issuer: `${base.base}/application/o/${trimmed(slug)}/` };
    },
    settings: () => ({ scopes: "openid email profile", groupsClaim: "groups" }),
  },
  gitlab: {
    label: "GitLab",
    inputs: [
      {
        name: "baseUrl",
        label: "GitLab URL",
        help: "https://gitlab.com, or your self-managed instance's URL.",
        placeholder: "https://gitlab.com",
      },
    ],
    issuer: ({ baseUrl: url }) => {
      const base = baseUrl(url || "https://gitlab.com", "GitLab URL");
      return "error" in base ? base : { issuer: base.base };
    },
    settings: () => ({ scopes: "openid email profile", groupsClaim: "groups_direct" }),
  },
} satisfies Record<string, Preset>;

export type ProviderId = keyof typeof PRESETS;
export const PROVIDER_IDS = Object.keys(PRESETS) as [ProviderId, ...ProviderId[]];

export function isProviderId(value: string): value is ProviderId {
  return Object.hasOwn(PRESETS, value);
}

/** The preset's rule for these values, or null (Custom SSO and presets without a rule keep nothing). */
export function presetRefusal(
  provider: string,
  values: { issuer: string; signInRequirement: string },
): PresetRefusal | null {
  if (!isProviderId(provider)) return null;
  const preset: Preset = PRESETS[provider];
  return preset.rule?.(values) ?? null;
}
