"use server";
// Group mappings of one integration: OAUTH_INTEGRATION_WRITE, checked on the server for each call. Saving also needs
// the admin to hold every authority they map (lib/integrations/group-mappings.ts); Simulate only reads.
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/authz/action";
import { actorOf } from "@/lib/authz/current-user";
import { saveGroupMappings, simulateGroupMappings } from "@/lib/integrations/group-mappings";
import { groupMappingsSchema } from "@/lib/integrations/group-mappings-schema";

export const saveGroupMappingsAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: groupMappingsSchema,
  handler: async (input, user) => {
    const result = await saveGroupMappings({ ...actorOf(user), id: user.id, authorities: user.authorities }, input);
    revalidatePath(`/settings/oauth-integrations/${input.registrationId}`);
    return result;
  },
});

// Who would gain or lose what if these mappings were saved (replays recent sign-ins' groups; writes nothing).
export const simulateGroupMappingsAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: groupMappingsSchema,
  handler: async (input, user) => simulateGroupMappings({ id: user.id }, input),
});
