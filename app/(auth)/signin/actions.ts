"use server";
// Public and read-only (nothing is written), so it does not go through the authorized write wrapper: anyone on the
// sign-in screen may ask which integration serves an email domain, and learns only that.
import { routeEmailToSso } from "@/lib/auth/email-routing";
import type { SsoRoute } from "@/lib/auth/sso-email";

export async function findSsoForEmail(input: unknown): Promise<SsoRoute> {
  return routeEmailToSso(input);
}
