// What Check connection takes from a form: the integration's fields, the secret optional (empty → the saved
// secret, when editing). A variant of the integration schema, never a copy. Client-safe.
import { z } from "zod";
import { integrationFieldsSchema, type SchemaPolicy } from "../schema";

export function connectionCheckSchema(policy: SchemaPolicy) {
  return integrationFieldsSchema(policy)
    .pick({
      registrationId: true,
      clientId: true,
      authorizationUrl: true,
      jwksUri: true,
      tokenUri: true,
      userInfoUri: true,
      issuer: true,
      clientAuthMethod: true,
    })
    .extend({ clientSecret: z.string().max(2048, "The Client Secret is at most 2,048 characters.").default("") });
}
export type ConnectionCheckInput = z.input<ReturnType<typeof connectionCheckSchema>>;
export type ConnectionCheckValues = z.output<ReturnType<typeof connectionCheckSchema>>;
