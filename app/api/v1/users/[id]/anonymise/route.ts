// JSON API: anonymise one disabled user on request (USER_WRITE), audited. The id comes from the URL; the body is
// `{}` (JSON, like every write: a cross-site form cannot send it).
import { anonymiseUser as anonymiseUserOp } from "@/lib/api/v1/users";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { anonymiseUser } from "@/lib/users/anonymise";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return apiWrite(request, anonymiseUserOp, (input, user) => anonymiseUser(actorOf(user), input.id), {
    extra: { id },
  });
}
