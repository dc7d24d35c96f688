// Where to go after sign-in: only paths on this site, so the sign-in page cannot be used as an open redirect.
export const DEFAULT_AFTER_SIGN_IN = "/settings/oauth-integrations";

export function safeCallbackPath(value: string | string[] | undefined | null): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return DEFAULT_AFTER_SIGN_IN;
  return raw;
}
