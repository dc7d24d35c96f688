import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LinkSsoButtons } from "@/components/profile/link-sso-buttons";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SsoLinksTable } from "@/components/users/sso-links-table";
import { getCurrentUser } from "@/lib/authz/current-user";
import { listLoginButtons } from "@/lib/integrations/queries";
import { listSsoLinks } from "@/lib/users/sso-links";
import { startSsoLinkAction } from "./actions";

export const metadata: Metadata = { title: "Your profile" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The signed-in user's own account: who they are and which single sign-on identities sign them in.
export default async function ProfilePage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  const [links, buttons, params] = await Promise.all([listSsoLinks(user.id), listLoginButtons(), searchParams]);
  const linkedIds = new Set(links.map((l) => l.registrationId));
  const linkedNow = typeof params.linked === "string" && linkedIds.has(params.linked);
  return (
    <>
      <PageHeader title="Your profile" description={`${user.name} · ${user.email}`} />
      {linkedNow ? <Alert tone="success">Single sign-on linked: you can now sign in with it.</Alert> : null}
      <Card
        title="Single sign-on links"
        description="Identities at your organisation's identity providers that sign you in to this account."
      >
        <SsoLinksTable userId={user.id} links={links} />
      </Card>
      <Card
        title="Link single sign-on"
        description="Sign in at the identity provider to link that identity to this account. Use this when Keyway cannot link you by email, e.g. because your account holds more authority than the integration's administrator, or to link again a link paused after its settings changed."
      >
        <LinkSsoButtons
          targets={buttons.map((b) => ({ ...b, linked: linkedIds.has(b.registrationId) }))}
          action={startSsoLinkAction}
        />
      </Card>
    </>
  );
}
