"use server";
// Server actions of Settings > Users. Each goes through authorizedAction: fresh user load, USER_WRITE check and
// zod parse happen on the server for every call, so a hand-made POST gets the same 401/403/400 as the form.
import { revalidatePath } from "next/cache";
import { anonymiseUser } from "@/lib/users/anonymise";
import { authorizedAction } from "@/lib/authz/action";
import type { CurrentUser } from "@/lib/authz/current-user";
import { setUserDisabledSchema, updateUserSchema, userFormSchema, userIdSchema } from "@/lib/users/schema";
import { createUser, setUserDisabled, signOutEverywhere, updateUser } from "@/lib/users/service";
import { removeSsoLinkSchema } from "@/lib/users/sso-link-schema";
import { removeSsoLink } from "@/lib/users/sso-links";

const actorOf = (user: CurrentUser) => ({ id: user.id, email: user.email });

// "layout" also refreshes /settings/users/<id>, which shows the same user.
const revalidateUsers = () => revalidatePath("/settings/users", "layout");

// Creates a user with their role and extra authorities (no password: they sign in with SSO or get one via the CLI).
export const createUserAction = authorizedAction({
  authority: "USER_WRITE",
  schema: userFormSchema,
  handler: async (input, user) => {
    const created = await createUser(actorOf(user), input);
    revalidateUsers();
    return created;
  },
});

// Replaces a user's name, role and extra authorities; the email never changes here.
export const updateUserAction = authorizedAction({
  authority: "USER_WRITE",
  schema: updateUserSchema,
  handler: async (input, user) => {
    await updateUser(actorOf(user), input);
    revalidateUsers();
    return { id: input.id };
  },
});

// Disables or re-enables a user; a disabled user's sessions stop working on their next request.
export const setUserDisabledAction = authorizedAction({
  authority: "USER_WRITE",
  schema: setUserDisabledSchema,
  handler: async (input, user) => {
    await setUserDisabled(actorOf(user), input.id, input.disabled);
    revalidateUsers();
    return { id: input.id, disabled: input.disabled };
  },
});

// Removes one of a user's single sign-on links; that identity then signs in only if the linking rules allow it again.
export const removeSsoLinkAction = authorizedAction({
  authority: "USER_WRITE",
  schema: removeSsoLinkSchema,
  handler: async (input, user) => {
    await removeSsoLink(actorOf(user), input.userId, input.linkId);
    revalidateUsers();
    return { id: input.linkId };
  },
});

// Ends every session of one user ("Sign out everywhere"), audited.
export const signOutEverywhereAction = authorizedAction({
  authority: "USER_WRITE",
  schema: userIdSchema,
  handler: async (input, user) => {
    const result = await signOutEverywhere(actorOf(user), input.id);
    revalidateUsers();
    return result;
  },
});

// Anonymises one disabled user on request (USER_WRITE; the service refuses enabled, break-glass and your own account).
export const anonymiseUserAction = authorizedAction({
  authority: "USER_WRITE",
  schema: userIdSchema,
  handler: async (input, user) => {
    const result = await anonymiseUser(actorOf(user), input.id);
    revalidateUsers();
    return result;
  },
});
