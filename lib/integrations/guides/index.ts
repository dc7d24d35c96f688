// The step-by-step setup guide of each provider: content files in this folder (one JSON file per IdP), shown beside
// the Add Integration form. A value may hold {redirectUri}, {postLogoutRedirectUri}, {backchannelLogoutUri} or
// {scopes}, filled in with this Keyway's own values. Client-safe: the files are bundled, nothing is read at run time.
import type { ProviderId } from "../presets";
import auth0 from "./auth0.json";
import authentik from "./authentik.json";
import customSso from "./custom-sso.json";
import entraId from "./entra-id.json";
import gitlab from "./gitlab.json";
import googleWorkspace from "./google-workspace.json";
import keycloak from "./keycloak.json";
import okta from "./okta.json";

export type GuideValue = { label: string; value: string };
export type Guide = {
  title: string;
  intro: string;
  steps: { text: string; values?: GuideValue[] }[];
  /** The usual errors: the Keyway code people see, what it looks like, how to fix it. */
  errors: { code: string; symptom: string; fix: string }[];
};

export const GUIDES: Record<ProviderId, Guide> = {
  "custom-sso": customSso,
  "entra-id": entraId,
  okta,
  "google-workspace": googleWorkspace,
  keycloak,
  auth0,
  authentik,
  gitlab,
};

export const GUIDE_PLACEHOLDERS = ["redirectUri", "postLogoutRedirectUri", "backchannelLogoutUri", "scopes"] as const;
export type GuideValues = Record<(typeof GUIDE_PLACEHOLDERS)[number], string>;

/** A guide value with this Keyway's own URIs and scopes filled in. */
export function fillGuideValue(value: string, values: GuideValues): string {
  return value.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof GuideValues] : whole,
  );
}
