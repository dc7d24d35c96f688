// What an integration asks its IdP for and how it reads the answer (issue 16): the scopes, extra authorization
// parameters from a fixed allow-list, which claim holds the email, the name and the groups (a claim name or a dotted
// path), and the optional sign-in requirement. The form, the server and the sign-in share these. Client-safe.
import { z } from "zod";

export const DEFAULT_SCOPES = "openid email profile";
export const MAX_SCOPES = 20;
/** The only authorization parameters an admin may add: none of them can change where codes or tokens go. */
export const AUTHORIZATION_PARAM_NAMES = ["prompt", "max_age", "domain_hint", "acr_values", "ui_locales"] as const;
const PROMPT_VALUES = ["none", "login", "consent", "select_account"];
export const CLAIM_DEFAULTS = { emailClaim: "email", nameClaim: "name", groupsClaim: "groups" } as const;

// RFC 6749 §3.3 scope-token: printable ASCII except space, double quote and backslash.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Scopes, space-separated; `openid` is always among them (put first), duplicates dropped. */
// Each default is outermost: the API's PATCH drops a field's default (an omitted field keeps its value), which it
// can only do when the schema is a ZodDefault.
export const scopesSchema = z
  .string("Enter the scopes.")
  .max(1000, "The scopes are at most 1,000 characters.")
  .transform((value) => value.split(/\s+/).filter(Boolean))
  .superRefine((scopes, ctx) => {
    const bad = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
    if (bad) ctx.addIssue({ code: "custom", message: `"${bad}" is not a scope: use letters, digits and : / . _ -` });
    if (new Set(scopes).size > MAX_SCOPES)
      ctx.addIssue({ code: "custom", message: `Ask for at most ${MAX_SCOPES} scopes.` });
  })
  // Why always openid: without it the IdP answers with plain OAuth (no id_token), which Keyway cannot verify.
  .transform((scopes) => [...new Set(["openid", ...scopes])].join(" "))
  .default(DEFAULT_SCOPES);

/** `prompt=login&domain_hint=acme.com` → its allowed pairs; null with the reason when something is refused. */
export function parseAuthorizationParams(value: string): { params: Record<string, string> } | { error: string } {
  const params: Record<string, string> = {};
  const text = value.trim().replace(/^\?/, "");
  if (!text) return { params };
  for (const [name, raw] of new URLSearchParams(text)) {
    const v = raw.trim();
    if (!(AUTHORIZATION_PARAM_NAMES as readonly string[]).includes(name))
      return { error: `"${name}" is not allowed. Use only ${AUTHORIZATION_PARAM_NAMES.join(", ")}.` };
    if (Object.hasOwn(params, name)) return { error: `${name} is given twice.` };
    if (!v || v.length > 200) return { error: `Give ${name} a value of 1–200 characters.` };
    if (name === "prompt" && !v.split(" ").every((p) => PROMPT_VALUES.includes(p)))
      return { error: `prompt is one or more of ${PROMPT_VALUES.join(", ")}.` };
    if (name === "max_age" && !/^\d{1,9}$/.test(v)) return { error: "max_age is a number of seconds, like 3600." };
    params[name] = v;
  }
  return { params };
}

/** Extra authorization parameters as a query string, e.g. `prompt=login&domain_hint=acme.com` (empty: none). */
export const authorizationParamsSchema = z
  .string("Enter the parameters as name=value pairs joined by &.")
  .max(1000, "The parameters are at most 1,000 characters.")
  .superRefine((value, ctx) => {
    const parsed = parseAuthorizationParams(value);
    if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
  })
  .transform((value) => {
    const parsed = parseAuthorizationParams(value);
    return "params" in parsed ? new URLSearchParams(parsed.params).toString() : "";
  })
  .default("");

/** The allowed parameters of a saved (already validated) value; anything else is dropped. */
export function authorizationParamsOf(value: string): Record<string, string> {
  const parsed = parseAuthorizationParams(value);
  return "params" in parsed ? parsed.params : {};
}

const CLAIM_PATH = /^[A-Za-z0-9_:/.$#-]{1,200}$/;

/** Which claim holds a value: a claim name (`email`, `https://acme.com/groups`) or a dotted path (`realm_access.roles`). */
export function claimPathSchema(label: string, fallback: string) {
  return z
    .string(`Enter the ${label}.`)
    .trim()
    .transform((value) => value || fallback)
    .refine((value) => CLAIM_PATH.test(value), {
      message: `The ${label} is a claim name or a dotted path (letters, digits and _ : / . - ), up to 200 characters.`,
    })
    .default(fallback);
}

/**
 * A claim's value: the claim named exactly so when there is one (names such as `https://acme.com/groups` contain
 * dots), else the dotted path through nested objects.
 */
export function readClaim(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim's values as strings: a string is one value, an array its string and number items. */
export function claimValues(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (typeof value === "number") return [String(value)];
  if (!Array.isArray(value)) return [];
  return value.filter((v) => typeof v === "string" || typeof v === "number").map(String);
}

/**
 * Whether the IdP left the groups out because there were too many (Microsoft Entra: over 200 groups it sends
 * `_claim_names.groups` pointing at Graph, or `hasgroups: true`, instead of the claim).
 */
export function groupsOverage(claims: Record<string, unknown>, groupsClaim: string): boolean {
  const names = claims._claim_names;
  const distributed = !!names && typeof names === "object" && Object.hasOwn(names, groupsClaim);
  return readClaim(claims, groupsClaim) === undefined && (distributed || claims.hasgroups === true);
}

export type SignInRequirement = { path: string; operator: "contains" | "equals"; value: string };

const REQUIREMENT = /^(\S+)\s+(contains|equals|=)\s+(.+)$/;

/** `groups contains keyway-users`, `tid equals 1234…` or `hd = acme.com`; null when empty or not understood. */
export function parseSignInRequirement(text: string): SignInRequirement | null {
  const match = REQUIREMENT.exec(text.trim());
  if (!match || !CLAIM_PATH.test(match[1])) return null;
  return { path: match[1], operator: match[2] === "contains" ? "contains" : "equals", value: match[3].trim() };
}

export const signInRequirementSchema = z
  .string("Enter a condition, like: groups contains keyway-users")
  .trim()
  .max(300, "The condition is at most 300 characters.")
  .refine((value) => !value || parseSignInRequirement(value) !== null, {
    message:
      "Write the condition as <claim> contains <value> or <claim> equals <value>, like: groups contains keyway-users",
  })
  .default("");

/** Whether the identity's claims meet the requirement: `contains` for a list (or a single value), `equals` exact. */
export function meetsRequirement(claims: Record<string, unknown>, requirement: SignInRequirement): boolean {
  const value = readClaim(claims, requirement.path);
  if (requirement.operator === "contains") return claimValues(value).includes(requirement.value);
  return claimValues(value).length === 1 && claimValues(value)[0] === requirement.value;
}

/** The claim settings of a new integration (and of documents and API calls that leave them out). */
export const CLAIM_SETTINGS_DEFAULTS = {
  scopes: DEFAULT_SCOPES,
  authorizationParams: "",
  ...CLAIM_DEFAULTS,
  updateNameOnSignIn: false,
  signInRequirement: "",
};

/** The claim settings of an integration, as stored. */
export type ClaimSettings = {
  scopes: string;
  authorizationParams: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  signInRequirement: string;
};

/** What the sign-in read from the claims under these settings (Test sign-in shows each). */
export type ClaimReading = {
  groups: string[];
  groupsOverage: boolean;
  requirement: { text: string; met: boolean } | null;
};

/** Reads groups and the requirement from merged claims. `groupsUsed`: mappings or the requirement need the groups. */
export function readClaimSettings(
  claims: Record<string, unknown>,
  settings: Pick<ClaimSettings, "groupsClaim" | "signInRequirement">,
): ClaimReading {
  const requirement = parseSignInRequirement(settings.signInRequirement);
  return {
    groups: claimValues(readClaim(claims, settings.groupsClaim)),
    groupsOverage: groupsOverage(claims, settings.groupsClaim),
    requirement: requirement ? { text: settings.signInRequirement, met: meetsRequirement(claims, requirement) } : null,
  };
}
