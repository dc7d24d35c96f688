// The Create token form's zod schema (the form, the server action and the CLI parse with it) and the expiry rule.
// Client-safe: no I/O.
import { z } from "zod";
import { AUTHORITIES } from "@/lib/authz/authorities";
import { safeText } from "@/lib/validations/safe-text";

export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;
export const MAX_TOKEN_LIFETIME_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The expiry choices of the form; the CLI takes any `Nd` up to the maximum. */
export const EXPIRY_CHOICES = [
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "90d", label: "90 days" },
  { value: "365d", label: "1 year" },
  { value: "date", label: "On a date…" },
] as const;

const DAYS = /^(\d{1,4})d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TOO_LONG = `A token lives at most 1 year (${MAX_TOKEN_LIFETIME_DAYS} days).`;

export const createApiTokenSchema = z
  .object({
    name: safeText("Name", 1, 60),
    authorities: z
      .array(z.enum(AUTHORITIES, "Unknown authority."), "Choose the authorities this token carries.")
      .min(1, "Choose at least one authority.")
      .transform((list) => [...new Set(list)]),
    expiresIn: z.string().max(8).default(`${DEFAULT_TOKEN_LIFETIME_DAYS}d`),
    expiresOn: z.string().max(10).default(""),
  })
  .superRefine((input, ctx) => {
    if (input.expiresIn === "date") {
      const at = DATE.test(input.expiresOn) ? Date.parse(`${input.expiresOn}T00:00:00Z`) : NaN;
      const message = Number.isNaN(at)
        ? "Enter a date like 2027-03-01."
        : at <= Date.now()
          ? "Choose a date after today."
          : at > Date.now() + MAX_TOKEN_LIFETIME_DAYS * DAY_MS
            ? TOO_LONG
            : null;
      if (message) ctx.addIssue({ code: "custom", path: ["expiresOn"], message });
      return;
    }
    const days = DAYS.exec(input.expiresIn);
    if (!days) ctx.addIssue({ code: "custom", path: ["expiresIn"], message: "Give the lifetime in days, like 30d." });
    else if (Number(days[1]) < 1) ctx.addIssue({ code: "custom", path: ["expiresIn"], message: "At least 1 day." });
    else if (Number(days[1]) > MAX_TOKEN_LIFETIME_DAYS)
      ctx.addIssue({ code: "custom", path: ["expiresIn"], message: TOO_LONG });
  });
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;
export type CreateApiTokenValues = z.output<typeof createApiTokenSchema>;

/** When a token made now with these (parsed) values expires: N days from now, or the start of the chosen day (UTC). */
export function expiryDate(values: Pick<CreateApiTokenValues, "expiresIn" | "expiresOn">, now = new Date()): Date {
  if (values.expiresIn === "date") return new Date(`${values.expiresOn}T00:00:00Z`);
  return new Date(now.getTime() + Number(DAYS.exec(values.expiresIn)?.[1] ?? 0) * DAY_MS);
}

export const revokeApiTokenSchema = z.object({ id: z.string().min(1).max(64) });
