// JSON API for users: the same authority checks and zod schemas as the console, via lib/authz/route.ts.
import { authorizedJsonRead, authorizedJsonWrite } from "@/lib/authz/route";
import { listUsers } from "@/lib/users/queries";
import { userFormSchema } from "@/lib/users/schema";
import { createUser } from "@/lib/users/service";

// Lists users (named select: never password hashes). Needs USER_READ.
export async function GET() {
  return authorizedJsonRead({ authority: "USER_READ", handler: async () => ({ users: await listUsers() }) });
}

// Creates a user from a userFormSchema body; 201 with { id }. Needs USER_WRITE. No password over the API:
// userFormSchema has none (unknown keys are dropped), so passwords are only ever set by an operator with the CLI.
export async function POST(request: Request) {
  return authorizedJsonWrite(request, {
    authority: "USER_WRITE",
    schema: userFormSchema,
    handler: (input, user) => createUser({ id: user.id, email: user.email }, input),
  });
}
