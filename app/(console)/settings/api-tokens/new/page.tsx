import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/api-tokens/create-token-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/authz/current-user";
import { createApiTokenAction } from "../actions";

export const metadata: Metadata = { title: "Create token" };

export default async function NewApiTokenPage() {
  const user = await getCurrentUser();
  if (!user) return null;
  return (
    <>
      <PageHeader
        title="Create token"
        description="A token acts as you, with at most the authorities you choose — and never more than you hold at the time it is used."
      />
      <Card>
        <CreateTokenForm action={createApiTokenAction} grantable={user.authorities} />
      </Card>
    </>
  );
}
