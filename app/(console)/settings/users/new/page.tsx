import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UserForm } from "@/components/users/user-form";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { createUserAction } from "../actions";

export const metadata: Metadata = { title: "Add User" };

export default async function NewUserPage() {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "USER_WRITE")) return <Forbidden authority="USER_WRITE" />;
  return (
    <>
      <PageHeader
        title="Add User"
        description="They can sign in with SSO when their verified email matches. Operators can set a password with the CLI."
      />
      <Card>
        <UserForm mode="create" action={createUserAction} grantable={user?.authorities ?? []} />
      </Card>
    </>
  );
}
