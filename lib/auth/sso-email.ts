// "Continue with SSO": the email a person types on the sign-in screen. Client-safe (the form and the server
// action share this schema).
import { z } from "zod";

export const ssoEmailSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your work email.")
    .max(254, "Enter your work email.")
    .email("Enter an email address like you@company.com."),
});
export type SsoEmailInput = z.input<typeof ssoEmailSchema>;

export type SsoRoute = { ok: true; registrationId: string } | { ok: false; error: string };

/** Why one message for "no integration", "disabled" and "not an email": it says nothing more than "no SSO here". */
export function noSsoMessage(domain: string | null): string {
  return domain
    ? `No single sign-on is set up for ${domain}. Sign in with your password, or ask your administrator.`
    : "No single sign-on is set up for that email. Sign in with your password, or ask your administrator.";
}
