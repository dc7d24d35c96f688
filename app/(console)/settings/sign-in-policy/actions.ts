"use server";
// Server action of Settings > Sign-in policy, through the one write wrapper (OAUTH_INTEGRATION_WRITE, zod parse).
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/authz/action";
import { signInPolicySchema } from "@/lib/sign-in-policy/schema";
import { updateSignInPolicy } from "@/lib/sign-in-policy/service";

// Saves Require single sign-on and the break-glass accounts; refused when it could lock everyone out.
export const updateSignInPolicyAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: signInPolicySchema,
  handler: async (input, user) => {
    const saved = await updateSignInPolicy({ id: user.id, email: user.email }, input);
    revalidatePath("/", "layout");
    return saved;
  },
});
