// JSON API for one single sign-on link of a user.
import { authorizedJsonWrite } from "@/lib/authz/route";
import { removeSsoLinkSchema } from "@/lib/users/sso-link-schema";
import { removeSsoLink } from "@/lib/users/sso-links";

// Removes the link (USER_WRITE), audited; 200 with its id. DELETE carries no body: ids come from the URL.
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; linkId: string }> }) {
  const { id, linkId } = await params;
  const json = new Request(request.url, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  return authorizedJsonWrite(json, {
    authority: "USER_WRITE",
    schema: removeSsoLinkSchema,
    handler: async (input, user) => {
      await removeSsoLink({ id: user.id, email: user.email }, input.userId, input.linkId);
      return { id: input.linkId };
    },
    extra: { userId: id, linkId },
    okStatus: 200,
  });
}
