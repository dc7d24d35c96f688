import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/console/forbidden";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { UsersTable } from "@/components/users/users-table";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { provisioningIntegrations } from "@/lib/scim/queries";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ provisionedBy?: string }> }) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "USER_READ")) return <Forbidden authority="USER_READ" />;
  const { provisionedBy } = await searchParams;
  const [users, provisioners] = await Promise.all([
    listUsers({ provisionedBy: provisionedBy || undefined }),
    provisioningIntegrations(),
  ]);
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
      {provisioners.length > 0 ? (
        <form className="flex items-end gap-2" method="get">
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-900">Provisioned by</span>
            <select
              name="provisionedBy"
              defaultValue={provisionedBy ?? ""}
              className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm"
            >
              <option value="">Anyone (all users)</option>
              {provisioners.map((id) => (
                <option key={id} value={id}>
                  SCIM: {id}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={buttonClasses("secondary")}>
            Filter
          </button>
        </form>
      ) : null}
      <UsersTable users={users} />
    </>
  );
}
