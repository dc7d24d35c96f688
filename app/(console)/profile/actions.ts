"use server";
// Self-service actions of Your profile: each acts on the signed-in user's own account only.
import { cookies } from "next/headers";
import { selfServiceAction } from "@/lib/authz/action";
import { NotFoundError } from "@/lib/errors";
import { createLinkIntent, linkIntentCookieName, linkIntentCookieOptions } from "@/lib/auth/link-intent";
import { db } from "@/lib/db";
import { startSsoLinkSchema } from "@/lib/users/sso-link-schema";

// Starts Link single sign-on: binds the coming IdP round trip to this user with a signed, short-lived cookie.
export const startSsoLinkAction = selfServiceAction(startSsoLinkSchema, async ({ registrationId }, user) => {
  const integration = await db.integration.findFirst({
    where: { registrationId, enabled: true },
    select: { registrationId: true },
  });
  if (!integration) throw new NotFoundError("Integration");
  (await cookies()).set(
    linkIntentCookieName(),
    await createLinkIntent(user.id, registrationId),
    linkIntentCookieOptions(),
  );
  return { registrationId };
});
