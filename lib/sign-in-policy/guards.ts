// Rules other writes must respect so that requiring single sign-on never leaves nobody with a way in.
import "server-only";
import { ConflictError } from "@/lib/errors";
import type { Tx } from "@/lib/db";

/** Refuses disabling `userId` when single sign-on is required and they are the last active break-glass account. */
export async function assertBreakGlassRemainsWithout(tx: Tx, userId: string): Promise<void> {
  const policy = await tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } });
  if (!policy?.requireSso) return;
  const others = await tx.breakGlassAccount.count({ where: { userId: { not: userId }, user: { disabled: false } } });
  const isBreakGlass = (await tx.breakGlassAccount.count({ where: { userId } })) > 0;
  // Why: with passwords refused for everyone else, the last break-glass account is the only way in if SSO breaks.
  if (isBreakGlass && others === 0) {
    throw new ConflictError(
      "This is the last break-glass account while single sign-on is required. Add another one under Settings > Sign-in policy first.",
      { field: "disabled" },
    );
  }
}
