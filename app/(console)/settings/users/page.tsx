import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/console/forbidden";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { UsersTable } from "@/components/users/users-table";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "USER_READ")) return <Forbidden authority="USER_READ" />;
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="People who can use Keyway: their role, extra authorities and whether they may sign in."
        actions={
          hasAuthority(user, "USER_WRITE") ? (
            <Link href="/settings/users/new" className={buttonClasses()}>
              Add User
            </Link>
          ) : null
        }
      />
      <UsersTable users={users} />
    </>
  );
}
