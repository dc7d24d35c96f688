// Keyway's one email normalisation (issue 6, finding 4). Every stored email and every IdP email is compared only
// after it: trim, refuse anything non-ASCII, then lower-case (ASCII only, so nothing else can fold onto a letter).
// An internationalised domain is accepted only in its ASCII (punycode) form; for IdP emails, the IDNA rule in
// ./email-idna.ts converts a domain that IDNA leaves unchanged, and refuses one it would change.
// Why not NFKC or toLowerCase on Unicode: both map look-alikes such as KELVIN SIGN (U+212A) onto ASCII `k`, so
// `guest@\u212Aeyway.local` would match `guest@keyway.local`. Client-safe (no I/O): the user form schema uses it.

const NON_ASCII = /[^\u0000-\u007f]/;

/** The normalised email, or null when it contains non-ASCII characters (refused, never folded). */
export function normalizeAsciiEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim();
  if (!email || NON_ASCII.test(email)) return null;
  return email.toLowerCase();
}
