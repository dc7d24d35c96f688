// The Sign-in policy form: whether single sign-on is required, and who may still use a password. Client-safe.
import { z } from "zod";

export const MAX_BREAK_GLASS_ACCOUNTS = 3;

export const signInPolicySchema = z.object({
  requireSso: z.boolean(),
  breakGlassUserIds: z
    .array(z.string().min(1).max(64))
    .transform((ids) => [...new Set(ids)])
    .pipe(
      z
        .array(z.string())
        .max(MAX_BREAK_GLASS_ACCOUNTS, `Choose at most ${MAX_BREAK_GLASS_ACCOUNTS} break-glass accounts.`),
    )
    .default([]),
});
export type SignInPolicyInput = z.input<typeof signInPolicySchema>;
export type SignInPolicyValues = z.output<typeof signInPolicySchema>;
