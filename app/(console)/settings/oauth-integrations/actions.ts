"use server";
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/authz/action";
import { allowInsecureIdpUrls } from "@/lib/config";
import { integrationSchema } from "@/lib/integrations/schema";
import { createIntegration } from "@/lib/integrations/service";

// Creates a Custom SSO integration (OAUTH_INTEGRATION_WRITE); the secret is sealed and never returned.
export const createIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationSchema({ allowInsecureUrls: allowInsecureIdpUrls() }),
  handler: async (input, user) => {
    const created = await createIntegration({ id: user.id, email: user.email }, input);
    revalidatePath("/settings/oauth-integrations");
    revalidatePath("/signin");
    return { registrationId: created.registrationId, issuer: created.issuer };
  },
});
