// JSON API for one single sign-on link of a user.
import { removeUserSsoLink } from "@/lib/api/v1/users";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { removeSsoLink } from "@/lib/users/sso-links";

// Removes the link (USER_WRITE), audited; 200 with its id. DELETE carries no body: ids come from the URL.
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; linkId: string }> }) {
  const { id, linkId } = await params;
  return apiWrite(
    request,
    removeUserSsoLink,
    async (input, user) => {
      await removeSsoLink(actorOf(user), input.userId, input.linkId);
      return { id: input.linkId };
    },
    { extra: { userId: id, linkId } },
  );
}
