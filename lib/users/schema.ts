// The zod schemas of user forms, shared by the client forms, the server actions, the API and the CLI.
import { z } from "zod";
import { AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import { BCRYPT_MAX_BYTES, safeText, utf8Bytes } from "@/lib/validations/safe-text";
import { normalizeAsciiEmail } from "@/lib/identity/email";

// The HTML5 rule browsers apply to type="email", but with a dotted domain: accepts internal domains such as
// admin@keyway.local or a@b.c, refuses a@b.
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ pattern: EMAIL_PATTERN, error: "Enter a valid email address, like name@example.com." }))
  // Keyway's one normalisation (lib/identity/email.ts): ASCII only (the pattern already refuses the rest), stored
  // lower-cased, so the unique index is case-insensitive on SQLite and PostgreSQL alike.
  .transform((email) => normalizeAsciiEmail(email) ?? email.toLowerCase());

export const passwordSchema = z
  .string()
  .min(12, "Passwords are at least 12 characters.")
  .max(128, "Passwords are at most 128 characters.")
  // bcrypt ignores everything past 72 bytes: refuse instead of letting the tail silently not count.
  .refine((password) => utf8Bytes(password) <= BCRYPT_MAX_BYTES, {
    message: `Passwords are at most ${BCRYPT_MAX_BYTES} bytes (fewer characters when they are not plain ASCII).`,
  });

export const userFormSchema = z.object({
  email: emailSchema,
  name: safeText("Name", 1, 100, { empty: "Enter a name.", long: "Names are at most 100 characters." }),
  role: z.enum(ROLES, "Choose a role."),
  authorities: z
    .array(z.enum(AUTHORITIES, "Unknown authority."))
    .max(AUTHORITIES.length, "Choose each authority at most once.")
    // A repeated authority would hit the (userId, authority) key and surface as a bogus "email taken" conflict.
    .transform((list) => [...new Set(list)])
    .default([]),
});
export type UserFormInput = z.input<typeof userFormSchema>;
export type UserFormValues = z.output<typeof userFormSchema>;

export const userIdSchema = z.object({ id: z.string().min(1).max(64) });

export const updateUserSchema = userFormSchema
  .pick({ name: true, role: true, authorities: true })
  .extend(userIdSchema.shape);
export type UpdateUserValues = z.output<typeof updateUserSchema>;

export const setUserDisabledSchema = userIdSchema.extend({ disabled: z.boolean() });

export const setPasswordSchema = z.object({ email: emailSchema, password: passwordSchema });
