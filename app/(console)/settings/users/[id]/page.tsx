import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Forbidden } from "@/components/console/forbidden";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UserForm } from "@/components/users/user-form";
import { UserStatusButton } from "@/components/users/user-status-button";
import { AnonymiseUserButton } from "@/components/users/anonymise-user-button";
import { DateTimeText } from "@/components/ui/date-time";
import { authorityNames, roleName, StatusBadge } from "@/components/users/users-table";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { canManage, MORE_PRIVILEGED_REFUSED } from "@/lib/users/grant-rules";
import { getUser, type UserListItem } from "@/lib/users/queries";
import { SsoLinksTable } from "@/components/users/sso-links-table";
import { SignOutEverywhereButton } from "@/components/users/sign-out-everywhere-button";
import { listSsoLinks } from "@/lib/users/sso-links";
import {
  anonymiseUserAction,
  removeSsoLinkAction,
  setUserDisabledAction,
  signOutEverywhereAction,
  updateUserAction,
} from "../actions";

// Static on purpose: a title built from the user would show their email to people without USER_READ.
export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, viewer] = await Promise.all([params, getCurrentUser()]);
  if (!hasAuthority(viewer, "USER_READ")) return <Forbidden authority="USER_READ" />;
  const user = await getUser(id);
  if (!user) notFound();
  const canWrite = hasAuthority(viewer, "USER_WRITE");
  const links = await listSsoLinks(user.id);
  const self = viewer?.id === user.id;
  // Offer only what the server accepts: not your own grant, not a user holding more than you (finding 2).
  const manageable = !!viewer && canManage(viewer.authorities, user);
  return (
    <>
      <PageHeader
        title={user.email}
        description={user.name}
        actions={
          <Link href="/settings/users" className={buttonClasses("secondary")}>
            All users
          </Link>
        }
      />
      {user.provisionedBy ? (
        <p className="text-sm text-slate-700" data-testid="provisioned-by">
          Provisioned by {user.provisionedBy} over SCIM: the identity provider owns this user&apos;s name and active
          state (deactivating there disables them here); it changes the email only where the integration allows it. Role
          and authorities stay Keyway&apos;s.
        </p>
      ) : null}
      {canWrite && (self || !manageable) ? (
        <Card title="Details">
          <div className="flex flex-col gap-4">
            <p className="text-slate-600">
              {self
                ? "This is your account: ask another administrator to change your role or authorities."
                : MORE_PRIVILEGED_REFUSED}
            </p>
            <Details user={user} />
          </div>
        </Card>
      ) : null}
      {canWrite && !self && manageable ? (
        <>
          {user.anonymisedAt ? (
            <Card title="Details">
              <Details user={user} />
            </Card>
          ) : (
            <Card title="Role and authorities">
              <UserForm
                mode="edit"
                action={updateUserAction}
                grantable={viewer.authorities}
                user={{
                  id: user.id,
                  email: user.email,
                  name: user.name,
                  role: user.role,
                  authorities: user.authorities,
                }}
              />
            </Card>
          )}
          <Card
            title="Status"
            description="Disabled users cannot sign in, and their open sessions stop working at once."
          >
            <div className="flex flex-col gap-3">
              <StatusLine user={user} />
              {user.anonymisedAt ? (
                <p className="text-slate-600" data-testid="anonymised">
                  Anonymised on <DateTimeText value={user.anonymisedAt} />: this account stays disabled as the subject
                  of the Audit Log.
                </p>
              ) : viewer?.id === user.id ? (
                <p className="text-slate-600">This is your account: you cannot disable it yourself.</p>
              ) : (
                <div className="flex flex-wrap gap-2">
                  <UserStatusButton userId={user.id} disabled={user.disabled} action={setUserDisabledAction} />
                  {/* Anonymise on request: offered once the account is disabled (the server insists too). */}
                  {user.disabled ? (
                    <AnonymiseUserButton userId={user.id} email={user.email} action={anonymiseUserAction} />
                  ) : null}
                </div>
              )}
            </div>
          </Card>
        </>
      ) : null}
      {canWrite && (self || manageable) && !user.anonymisedAt ? (
        <Card title="Sessions" description="Ends every session of this user at once; they have to sign in again.">
          <SignOutEverywhereButton userId={user.id} action={signOutEverywhereAction} />
        </Card>
      ) : null}
      {canWrite ? null : (
        <Card title="Details">
          <Details user={user} />
        </Card>
      )}
      <Card
        title="Single sign-on links"
        description="Identities that sign this user in. Removing one means it must be linked again."
      >
        <SsoLinksTable
          userId={user.id}
          links={links}
          removeAction={canWrite && (self || manageable) ? removeSsoLinkAction : undefined}
        />
      </Card>
    </>
  );
}

function Details({ user }: { user: UserListItem }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
      <Item term="Email">{user.email}</Item>
      <Item term="Name">{user.name}</Item>
      <Item term="Role">{roleName(user.role)}</Item>
      <Item term="Extra authorities">{authorityNames(user.authorities)}</Item>
      {user.mappedAuthorities.length ? (
        <Item term="From group mappings">{authorityNames(user.mappedAuthorities)} (decided at each sign-in)</Item>
      ) : null}
      <Item term="Status">
        <StatusBadge disabled={user.disabled} />
      </Item>
      <Item term="Last sign-in">
        <DateTimeText value={user.lastSignInAt} />
      </Item>
    </dl>
  );
}

function StatusLine({ user }: { user: UserListItem }) {
  return (
    <p className="flex flex-wrap items-center gap-2 text-slate-700">
      <StatusBadge disabled={user.disabled} />
      <span>
        Last sign-in: <DateTimeText value={user.lastSignInAt} />
      </span>
    </p>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}
