"use server";
// Server actions of Settings > API tokens. Any signed-in user makes and revokes their own tokens (selfServiceAction:
// fresh user load, zod parse); revoking someone else's needs USER_WRITE, checked in the service's transaction.
import { revalidatePath } from "next/cache";
import { selfServiceAction } from "@/lib/authz/action";
import { actorOf } from "@/lib/authz/current-user";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/api-tokens/schema";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";

// Makes a token for the signed-in user; the answer carries it once, for the creator's screen only.
export const createApiTokenAction = selfServiceAction(createApiTokenSchema, async (input, user) => {
  const created = await createApiToken(actorOf(user), user.id, input);
  revalidatePath("/settings/api-tokens");
  return { token: created.token, prefix: created.prefix, expiresAt: created.expiresAt.toISOString() };
});

// Revokes a token at once, on every instance (each request re-reads the token's row).
export const revokeApiTokenAction = selfServiceAction(revokeApiTokenSchema, async (input, user) => {
  const revoked = await revokeApiToken(actorOf(user), input.id);
  revalidatePath("/settings/api-tokens");
  return { id: revoked.id };
});
