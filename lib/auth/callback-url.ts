// Where to go after sign-in: only paths on Keyway's own origin, so the sign-in page cannot be used as an open
// redirect (issue 6, finding 6). Client-safe (no I/O).
export const DEFAULT_AFTER_SIGN_IN = "/settings/oauth-integrations";

// Control characters, whitespace and backslashes, raw or percent-encoded: browsers strip or reinterpret them
// (`/\t/evil` becomes `//evil`, `/\evil` becomes `//evil`), and CR/LF would break the Location header (a 500).
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;

/** The path (with query and fragment) of `value` when it resolves to `origin`; else the default page. */
export function safeCallbackPath(value: string | string[] | undefined | null, origin: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return DEFAULT_AFTER_SIGN_IN;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (UNSAFE.test(raw) || UNSAFE.test(decoded)) return DEFAULT_AFTER_SIGN_IN;
  // Absolute same-origin URLs are fine (next-auth sends those); anything else must be an absolute path.
  if (!raw.startsWith("/") && !raw.startsWith(`${origin}/`)) return DEFAULT_AFTER_SIGN_IN;
  if (raw.startsWith("//") || decoded.startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== new URL(origin).origin) return DEFAULT_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}
