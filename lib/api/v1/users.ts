// /api/v1/users: the operations, their body schemas (the console's) and their answers.
import { z } from "zod";
import { READ_ERRORS, WRITE_ERRORS, defineOperation } from "@/lib/api/operation";
import { setUserDisabledSchema, updateUserSchema, userFormSchema, userIdSchema } from "@/lib/users/schema";
import { removeSsoLinkSchema } from "@/lib/users/sso-link-schema";

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  disabled: z.boolean(),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
  anonymisedAt: z
    .date()
    .nullable()
    .meta({ description: "When the (disabled) account was anonymised on request; it is never enabled again." }),
  authorities: z.array(z.string()).meta({ description: "Extra authorities on top of the role's, granted by hand." }),
  mappedAuthorities: z
    .array(z.string())
    .meta({ description: "Authorities an integration's group mappings gave at the last sign-in through it." }),
  provisionedBy: z
    .string()
    .nullable()
    .meta({ description: "The Registration ID of the integration that provisioned this user over SCIM, if any." }),
});

export const listUsers = defineOperation({
  operationId: "listUsers",
  method: "GET",
  path: "/users",
  tag: "Users",
  summary: "List users (never a password hash)",
  authority: "USER_READ",
  status: 200,
  response: z.object({ users: z.array(userSchema) }),
  errors: READ_ERRORS,
});

export const createUser = defineOperation({
  operationId: "createUser",
  method: "POST",
  path: "/users",
  tag: "Users",
  summary: "Create a user",
  description: "No password over the API: passwords are set by an operator with the CLI.",
  authority: "USER_WRITE",
  body: () => userFormSchema,
  status: 201,
  response: z.object({ id: z.string() }),
  errors: [...WRITE_ERRORS, 409],
});

// Every field optional, built from the form schema. `authorities` drops its default on purpose: with it, a PATCH
// that only renames a user would silently strip their extra authorities.
export const patchUserSchema = updateUserSchema
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

export const updateUser = defineOperation({
  operationId: "updateUser",
  method: "PATCH",
  path: "/users/{id}",
  tag: "Users",
  summary: "Change a user's name, role, authorities and/or disabled flag (one transaction)",
  authority: "USER_WRITE",
  body: () => patchUserSchema,
  status: 200,
  response: z.object({ user: userSchema.nullable() }),
  errors: [...WRITE_ERRORS, 404, 409],
});

export const removeUserSsoLink = defineOperation({
  operationId: "removeUserSsoLink",
  method: "DELETE",
  path: "/users/{id}/links/{linkId}",
  tag: "Users",
  summary: "Remove one single sign-on link of a user",
  authority: "USER_WRITE",
  body: () => removeSsoLinkSchema,
  bodyFrom: "path",
  status: 200,
  response: z.object({ id: z.string() }),
  errors: [401, 403, 404],
});

export const anonymiseUser = defineOperation({
  operationId: "anonymiseUser",
  method: "POST",
  path: "/users/{id}/anonymise",
  tag: "Users",
  summary: "Anonymise a disabled user on request: email, name, password, SSO links, sessions and API tokens go",
  description:
    "The row stays as the audit trail's subject (earlier audit events keep what they recorded). 409 unless the user is disabled, not yet anonymised, not break-glass and not you; the account is never enabled again.",
  authority: "USER_WRITE",
  body: () => userIdSchema,
  status: 200,
  response: z.object({ id: z.string() }),
  errors: [...WRITE_ERRORS, 404, 409],
});
