import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokensTable } from "@/components/api-tokens/api-tokens-table";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const user = await getCurrentUser();
  if (!user) return null;
  // Everyone sees their own tokens; user managers see (and may revoke) everyone's.
  const everyone = hasAuthority(user, "USER_WRITE");
  const tokens = await listApiTokens({ userId: everyone ? null : user.id });
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts and pipelines call Keyway&apos;s API (<code>Authorization: Bearer kw_…</code>) as you,
            with only the authorities you give them. See the{" "}
            <a className="text-indigo-700 underline" href="/api/v1/openapi.json">
              OpenAPI document
            </a>
            .
          </>
        }
        actions={
          <Link href="/settings/api-tokens/new" className={buttonClasses()}>
            Create token
          </Link>
        }
      />
      <ApiTokensTable tokens={tokens} showOwner={everyone} revoke={revokeApiTokenAction} />
    </>
  );
}
