// Starts "Sign in with draft" (OAUTH_INTEGRATION_WRITE, JSON so no cross-site form can send it): checks the draft can
// be signed in with, audits, and gives this browser the sealed one-use intent cookie; the page then starts next-auth's
// sign-in for the integration, which runs with the draft (lib/auth/draft-provider.ts).
import { audit } from "@/lib/audit";
import { authorizedJsonWrite } from "@/lib/authz/route";
import { db } from "@/lib/db";
import { draftIntegrationConfig } from "@/lib/integrations/rollout/draft";
import { draftSignInCookie } from "@/lib/integrations/rollout/draft-sign-in";
import { draftSignInSchema } from "@/lib/integrations/rollout/schema";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  let cookie: ReturnType<typeof draftSignInCookie> | null = null;
  const response = await authorizedJsonWrite(request, {
    authority: "OAUTH_INTEGRATION_WRITE",
    schema: draftSignInSchema,
    handler: async ({ registrationId }, user) => {
      await draftIntegrationConfig(registrationId);
      await db.$transaction((tx) =>
        audit(tx, {
          actor: { id: user.id, email: user.email },
          action: "integration.draft_sign_in",
          targetType: "integration",
          targetId: registrationId,
        }),
      );
      cookie = draftSignInCookie(registrationId, user.id);
      return { registrationId };
    },
    okStatus: 200,
  });
  const set = cookie as ReturnType<typeof draftSignInCookie> | null;
  if (set) response.cookies.set(set.name, set.value, set.options);
  return response;
}
