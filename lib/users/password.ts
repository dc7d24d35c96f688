// Password hashing with bcrypt (bcryptjs: pure JS, no native build), run in worker threads (password-pool.ts) so
// the event loop stays free. Verification takes the same time whether or not the account exists, so response
// times do not reveal which emails have accounts.
import { compareInPool, hashInPool } from "./password-pool";

const COST = 12;
// A real hash of a random string, compared against when there is no user, to spend the same time.
const DUMMY_HASH = "$2b$12$ajluaED/beXSRnxdQjb6De5CuHggroh7hGqetd7fmy4Uv1GPIESjK";

export function hashPassword(password: string): Promise<string> {
  return hashInPool(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await compareInPool(password, hash ?? DUMMY_HASH);
  return ok && !!hash;
}
