// JSON API for one user: PATCH name/role/authorities and/or the disabled flag.
import type { z } from "zod";
import { type patchUserSchema, updateUser } from "@/lib/api/v1/users";
import { type CurrentUser, actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { getUser } from "@/lib/users/queries";
import { patchUser } from "@/lib/users/service";

// Updates one user; 200 with the updated user (never the password hash). Needs USER_WRITE.
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The id comes from the URL and overrides any id in the body.
  return apiWrite(request, updateUser, applyPatch, { extra: { id } });
}

async function applyPatch({ id, ...changes }: z.output<typeof patchUserSchema>, user: CurrentUser) {
  // One transaction for status and profile: a refused part leaves nothing half-applied.
  await patchUser(actorOf(user), id, changes);
  return { user: await getUser(id) };
}
