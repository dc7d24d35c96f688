// JSON API for users: the operations of lib/api/v1/users.ts (the console's schemas), via lib/authz/route.ts.
import { listUsers as listUsersOp, createUser as createUserOp } from "@/lib/api/v1/users";
import { actorOf } from "@/lib/authz/current-user";
import { apiRead, apiWrite } from "@/lib/authz/route";
import { listUsers } from "@/lib/users/queries";
import { createUser } from "@/lib/users/service";

// Lists users (named select: never password hashes). Needs USER_READ.
export async function GET(request: Request) {
  return apiRead(request, listUsersOp, async () => ({ users: await listUsers() }));
}

// Creates a user; 201 with { id }. Needs USER_WRITE. No password over the API: the schema has none (unknown keys are
// dropped), so passwords are only ever set by an operator with the CLI.
export async function POST(request: Request) {
  return apiWrite(request, createUserOp, (input, user) => createUser(actorOf(user), input));
}
