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
  authorities: { select: { authority: true } },
} as const;

export type UserListItem = {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  authorities: string[];
};

function flatten(user: { authorities: { authority: string }[] } & Omit<UserListItem, "authorities">): UserListItem {
  return { ...user, authorities: user.authorities.map((a) => a.authority) };
}

export async function listUsers(): Promise<UserListItem[]> {
  const users = await db.user.findMany({ select: userListSelect, orderBy: { email: "asc" } });
  return users.map(flatten);
}

export async function getUser(id: string): Promise<UserListItem | null> {
  const user = await db.user.findUnique({ where: { id }, select: userListSelect });
  return user ? flatten(user) : null;
}
