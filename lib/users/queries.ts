// Reads of users for pages, with named selects (never the password hash).
import "server-only";
import { db } from "@/lib/db";

export const userListSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastSignInAt: true,
  createdAt: true,
  anonymisedAt: true,
  // Split in flatten(): granted by hand (the Users page edits these) and what group mappings gave (listed apart).
  authorities: { select: { authority: true, grantedBy: true } },
  scimLink: { select: { integration: { select: { registrationId: true } } } },
} as const;

export type UserListItem = {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  /** When an admin anonymised this (disabled) account on request; null otherwise. */
  anonymisedAt: Date | null;
  authorities: string[];
  /** Authorities an integration's group mappings gave at the last sign-in (decided again at each one). */
  mappedAuthorities: string[];
  /** The Registration ID of the integration that provisioned this user over SCIM (it owns name, email, active). */
  provisionedBy: string | null;
};

type Row = {
  authorities: { authority: string; grantedBy: string }[];
  scimLink: { integration: { registrationId: string } } | null;
} & Omit<UserListItem, "authorities" | "mappedAuthorities" | "provisionedBy">;

function flatten({ scimLink, ...user }: Row): UserListItem {
  return {
    ...user,
    authorities: user.authorities.filter((a) => a.grantedBy === "").map((a) => a.authority),
    mappedAuthorities: [...new Set(user.authorities.filter((a) => a.grantedBy !== "").map((a) => a.authority))],
    provisionedBy: scimLink?.integration.registrationId ?? null,
  };
}

/** Every user, or with `provisionedBy` only those that integration provisioned over SCIM. */
export async function listUsers({ provisionedBy }: { provisionedBy?: string } = {}): Promise<UserListItem[]> {
  const where = provisionedBy ? { scimLink: { integration: { registrationId: provisionedBy } } } : {};
  const users = await db.user.findMany({ where, select: userListSelect, orderBy: { email: "asc" } });
  return users.map(flatten);
}

export async function getUser(id: string): Promise<UserListItem | null> {
  const user = await db.user.findUnique({ where: { id }, select: userListSelect });
  return user ? flatten(user) : null;
}
