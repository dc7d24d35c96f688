// IdP emails with an internationalised domain (issue 6, finding 4): converted to punycode only when IDNA maps the
// domain back to exactly the same string; a domain IDNA would change (KELVIN SIGN → k, fullwidth letters, case)
// is refused, because that change is what lets a look-alike match someone else's address. Server-only (node:url).
import "server-only";
import { domainToASCII, domainToUnicode } from "node:url";
import { normalizeAsciiEmail } from "./email";

const NON_ASCII = /[^\u0000-\u007f]/;

/** The email as Keyway compares it, or null when it cannot be compared safely (refuse the sign-in). */
export function normalizeIdpEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim();
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0) return null;
  const [local, domain] = [email.slice(0, at), email.slice(at + 1)];
  if (!NON_ASCII.test(domain)) return normalizeAsciiEmail(email);
  const ascii = domainToASCII(domain);
  if (!ascii || domainToUnicode(ascii) !== domain) return null;
  return normalizeAsciiEmail(`${local}@${ascii}`);
}
