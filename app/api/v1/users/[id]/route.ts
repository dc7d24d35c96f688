// JSON API for one user: PATCH name/role/authorities and/or the disabled flag.
import type { z } from "zod";
import { authorizedJsonWrite } from "@/lib/authz/route";
import { getUser } from "@/lib/users/queries";
import { setUserDisabledSchema, updateUserSchema, userFormSchema } from "@/lib/users/schema";
import { patchUser } from "@/lib/users/service";

// Every field optional, built from the form schema. `authorities` drops its default on purpose: with it, a PATCH
// that only renames a user would silently strip their extra authorities.
const patchUserSchema = updateUserSchema
  .pick({ id: true })
  .extend({
    name: userFormSchema.shape.name.optional(),
    role: userFormSchema.shape.role.optional(),
    authorities: userFormSchema.shape.authorities.unwrap().optional(),
    disabled: setUserDisabledSchema.shape.disabled.optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== "id"), {
    message: "Send at least one of name, role, authorities or disabled.",
    path: ["form"],
  });
type PatchUser = z.output<typeof patchUserSchema>;

// Updates one user; 200 with the updated user (never the password hash). Needs USER_WRITE.
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The id comes from the URL and overrides any id in the body.
  return authorizedJsonWrite(request, {
    authority: "USER_WRITE",
    schema: patchUserSchema,
    handler: (input, user) => applyPatch(input, user),
    extra: { id },
    okStatus: 200,
  });
}

async function applyPatch({ id, ...changes }: PatchUser, actor: { id: string; email: string }) {
  // One transaction for status and profile: a refused part leaves nothing half-applied.
  await patchUser({ id: actor.id, email: actor.email }, id, changes);
  return { user: await getUser(id) };
}
