"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/authz/action";
import { allowInsecureIdpUrls } from "@/lib/config";
import { integrationSchema } from "@/lib/integrations/schema";
import { createIntegration } from "@/lib/integrations/service";
import { runConnectionChecks } from "@/lib/integrations/checks/run";
import { connectionCheckSchema } from "@/lib/integrations/checks/schema";
import { formCheckTarget, savedCheckTarget } from "@/lib/integrations/checks/target";

// Creates a Custom SSO integration (OAUTH_INTEGRATION_WRITE); the secret is sealed and never returned.
export const createIntegrationAction = authorizedAction(
  "OAUTH_INTEGRATION_WRITE",
  integrationSchema({ allowInsecureUrls: allowInsecureIdpUrls() }),
  async (input, user) => {
    const created = await createIntegration({ id: user.id, email: user.email }, input);
    revalidatePath("/settings/oauth-integrations");
    revalidatePath("/signin");
    return { registrationId: created.registrationId, issuer: created.issuer };
  },
);

// Runs Check connection on a saved integration (OAUTH_INTEGRATION_WRITE: it uses the stored secret).
export const checkSavedIntegrationAction = authorizedAction(
  "OAUTH_INTEGRATION_WRITE",
  z.object({ registrationId: z.string().max(40) }),
  async ({ registrationId }) => runConnectionChecks(await savedCheckTarget(registrationId)),
);

// Runs Check connection on a form's unsaved values (secret optional: empty → the saved one, when editing).
export const checkIntegrationValuesAction = authorizedAction(
  "OAUTH_INTEGRATION_WRITE",
  connectionCheckSchema({ allowInsecureUrls: allowInsecureIdpUrls() }),
  async (values) => runConnectionChecks(await formCheckTarget(values)),
);
