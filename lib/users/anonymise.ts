// Anonymise on request: a disabled account (e.g. one a SCIM DELETE removed) loses everything that identifies its
// person — email, name, password, SSO links, sessions, API tokens, authorities, SCIM link — while its row stays as
// the subject of the audit trail. Earlier audit events keep what they recorded (who did what, when): that record is
// the reason the row is kept rather than deleted.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { type Db, db as defaultDb, QUEUED_WRITE_TX } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { assertMayChangeUser } from "./service";

export const ANONYMISED_NAME = "Anonymised user";
export const ANONYMISE_NEEDS_DISABLED = "Disable the account first: only a disabled account can be anonymised.";
export const ALREADY_ANONYMISED = "This account is anonymised already.";

/** The placeholder address of an anonymised account: unique, and in a domain that can never receive mail (RFC 2606). */
export const anonymisedEmail = (userId: string) => `anonymised-${userId}@anonymised.invalid`;

export async function anonymiseUser(actor: Actor, id: string, db: Db = defaultDb): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({
      where: { id },
      select: { disabled: true, anonymisedAt: true, breakGlass: { select: { userId: true } } },
    });
    if (!target) throw new NotFoundError("User");
    if (actor.id === id) throw new ConflictError("You cannot anonymise your own account.");
    // Why: the same bound as every other change to a user — never someone holding more than you.
    await assertMayChangeUser(tx, actor, id);
    if (target.anonymisedAt) throw new ConflictError(ALREADY_ANONYMISED);
    // Why disabled first: anonymising is the end of an account, never a way to sign someone out by surprise.
    if (!target.disabled) throw new ConflictError(ANONYMISE_NEEDS_DISABLED);
    if (target.breakGlass) {
      throw new ConflictError("This is a break-glass account: remove it from the Sign-in policy first.");
    }
    const sessions = await tx.session.deleteMany({ where: { userId: id } });
    const apiTokens = await tx.apiToken.deleteMany({ where: { userId: id } });
    const links = await tx.account.deleteMany({ where: { userId: id } });
    await tx.userAuthority.deleteMany({ where: { userId: id } });
    await tx.scimGroupMember.deleteMany({ where: { userId: id } });
    await tx.scimUser.deleteMany({ where: { userId: id } });
    await tx.user.update({
      where: { id },
      data: {
        email: anonymisedEmail(id),
        name: ANONYMISED_NAME,
        passwordHash: null,
        role: "GUEST",
        scimRemovedById: null,
        anonymisedAt: new Date(),
      },
    });
    // No former email or name in the event: it records that the erasure happened, not what was erased.
    await audit(tx, {
      actor,
      action: "user.anonymise",
      targetType: "user",
      targetId: id,
      details: { ssoLinksRemoved: links.count, sessionsRemoved: sessions.count, apiTokensRemoved: apiTokens.count },
    });
    return { id };
  }, QUEUED_WRITE_TX);
}
