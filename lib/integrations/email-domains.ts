// Email domains of an integration: how admins type them and how emails are routed to them. Client-safe (no I/O).
import { z } from "zod";

export const MAX_EMAIL_DOMAINS = 50;

// Lower-case ASCII labels (IDNA A-labels such as xn--bcher-kva allowed), at least one dot, no trailing dot.
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Lower-cases ASCII text only. Why: String#toLowerCase maps some non-ASCII look-alikes onto ASCII (U+212A KELVIN
 * SIGN → "k"), so "\u212Aeyway.local" would become "keyway.local"; non-ASCII text is left as is and refused later.
 */
function asciiLowerCase(value: string): string {
  return ASCII.test(value) ? value.toLowerCase() : value;
}

/** "Acme.com, @example.org\nfoo.io" → ["acme.com", "example.org", "foo.io"] (trimmed, lower-cased, deduplicated). */
export function splitEmailDomains(value: unknown): unknown {
  const items = typeof value === "string" ? value.split(/[\s,;]+/) : value;
  if (!Array.isArray(items)) return items;
  const cleaned = items.map((d) => (typeof d === "string" ? asciiLowerCase(d.trim().replace(/^@/, "")) : d));
  return [...new Set(cleaned.filter((d) => d !== ""))];
}

export const emailDomainSchema = z
  .string()
  // Why ASCII only: Unicode look-alikes (e.g. U+212A KELVIN SIGN) must never be routed or matched as ASCII domains.
  .regex(/^[\x21-\x7e]*$/, "Enter domains in ASCII; write internationalised domains in their xn-- form.")
  .regex(DOMAIN, "Enter a domain like example.com (no @, no spaces, no URL).");

// Item errors are reported on the field itself (not `emailDomains.3`), naming the domain, so the form shows them.
export const emailDomainsSchema = z.preprocess(
  splitEmailDomains,
  z
    .array(z.string("Enter domains separated by commas."), "Enter domains separated by commas.")
    .max(MAX_EMAIL_DOMAINS, `At most ${MAX_EMAIL_DOMAINS} domains.`)
    .superRefine((domains, ctx) => {
      for (const domain of domains) {
        const result = emailDomainSchema.safeParse(domain);
        if (!result.success) {
          ctx.addIssue({ code: "custom", message: `${domain.slice(0, 80)}: ${result.error.issues[0].message}` });
          return;
        }
      }
    }),
);

/** The domain part of an email, lower-cased, or null when it has none or it is not ASCII (see asciiLowerCase). */
export function emailDomainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  const domain = at > 0 ? email.slice(at + 1).trim() : "";
  return domain && ASCII.test(domain) ? domain.toLowerCase() : null;
}

/** Shown in the form and details page: ["a.com", "b.org"] → "a.com, b.org". */
export function formatEmailDomains(domains: readonly string[]): string {
  return domains.join(", ");
}
