// /api/v1/sign-in-policy: Require single sign-on and the break-glass accounts.
import { z } from "zod";
import { READ_ERRORS, WRITE_ERRORS, defineOperation } from "@/lib/api/operation";
import { signInPolicySchema } from "@/lib/sign-in-policy/schema";

export const getSignInPolicy = defineOperation({
  operationId: "getSignInPolicy",
  method: "GET",
  path: "/sign-in-policy",
  tag: "Sign-in policy",
  summary: "Read the sign-in policy (it is OAUTH_INTEGRATION_WRITE's setting)",
  authority: "OAUTH_INTEGRATION_WRITE",
  status: 200,
  response: z.object({
    requireSso: z.boolean(),
    breakGlass: z.array(z.object({ userId: z.string(), email: z.string() })),
    ssoProven: z.boolean().meta({ description: "An integration manager signed in by SSO in the last 24 h." }),
  }),
  errors: READ_ERRORS,
});

export const updateSignInPolicy = defineOperation({
  operationId: "updateSignInPolicy",
  method: "PUT",
  path: "/sign-in-policy",
  tag: "Sign-in policy",
  summary: "Replace the sign-in policy; refused when it could lock everyone out",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => signInPolicySchema,
  status: 200,
  response: z.object({ requireSso: z.boolean(), breakGlassUserIds: z.array(z.string()) }),
  errors: WRITE_ERRORS,
});
