// The users list, plus the small display pieces the user detail page shares with it. Server-renderable.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { AUTHORITY_LABELS, isAuthority, isRole, type Role } from "@/lib/authz/authorities";
import { DateTimeText } from "@/components/ui/date-time";

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  authorities: string[];
  disabled: boolean;
  lastSignInAt: Date | null;
  provisionedBy?: string | null;
};

const ROLE_NAMES: Record<Role, string> = { ADMIN: "Admin", GUEST: "Guest" };

export function roleName(role: string): string {
  return isRole(role) ? ROLE_NAMES[role] : role;
}

/** Extra authorities as "label (NAME)", or "None". */
export function authorityNames(authorities: string[]): string {
  return authorities.map((a) => (isAuthority(a) ? `${AUTHORITY_LABELS[a]} (${a})` : a)).join(", ") || "None";
}

/** Extra authorities by name (as the CLI and the API spell them), one badge each. */
function AuthorityBadges({ authorities }: { authorities: string[] }) {
  if (authorities.length === 0) return <span className="text-slate-500">None</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {authorities.map((a) => (
        <Badge key={a} tone="indigo">
          {a}
        </Badge>
      ))}
    </span>
  );
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? <Badge tone="gray">Disabled</Badge> : <Badge tone="green">Active</Badge>;
}

export function UsersTable({ users }: { users: UserRow[] }) {
  return (
    <Table>
      <caption className="sr-only">Users</caption>
      <THead>
        <Tr>
          <Th>Email</Th>
          <Th>Name</Th>
          <Th>Role</Th>
          <Th>Extra authorities</Th>
          <Th>Status</Th>
          <Th>Last sign-in</Th>
          <Th>Provisioned by</Th>
        </Tr>
      </THead>
      <TBody>
        {users.length === 0 ? (
          <Tr>
            <Td colSpan={7} className="text-slate-600">
              No users yet.
            </Td>
          </Tr>
        ) : (
          users.map((user) => (
            <Tr key={user.id}>
              <Td>
                <Link href={`/settings/users/${user.id}`} className="font-medium text-indigo-700 hover:underline">
                  {user.email}
                </Link>
              </Td>
              <Td>{user.name}</Td>
              <Td>{roleName(user.role)}</Td>
              <Td>
                <AuthorityBadges authorities={user.authorities} />
              </Td>
              <Td>
                <StatusBadge disabled={user.disabled} />
              </Td>
              <Td className="whitespace-nowrap text-slate-700">
                <DateTimeText value={user.lastSignInAt} />
              </Td>
              <Td className="text-slate-700">{user.provisionedBy ? `SCIM: ${user.provisionedBy}` : "—"}</Td>
            </Tr>
          ))
        )}
      </TBody>
    </Table>
  );
}
