// Reads of API tokens for Settings > API tokens: a named select that never includes the hash.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";

export const apiTokenListSelect = {
  id: true,
  name: true,
  prefix: true,
  authorities: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedAddress: true,
  revokedAt: true,
  user: { select: { id: true, email: true } },
} as const;

export type ApiTokenListItem = {
  id: string;
  name: string;
  prefix: string;
  authorities: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedAddress: string | null;
  revokedAt: Date | null;
  owner: { id: string; email: string };
};

/** Tokens of one user (`userId`), or of everyone (`userId: null`, for holders of USER_WRITE); newest first. */
export async function listApiTokens({ userId }: { userId: string | null }, db: Db = defaultDb) {
  const rows = await db.apiToken.findMany({
    where: userId ? { userId } : {},
    select: apiTokenListSelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map(({ user, authorities, ...row }): ApiTokenListItem => ({
    ...row,
    authorities: authorities.split(" ").filter(Boolean),
    owner: user,
  }));
}
