// Who did it and what it was done to, by name: users by email (linked to their page), integrations by their
// Registration ID (linked while they exist), the sign-in policy by name; never a bare row id.
import Link from "next/link";
import type { AuditEventRow } from "@/lib/audit-log";
import { UserEmail } from "./audit-changes";

export type AuditLinks = {
  /** A user's email by id, when they exist. */
  userEmail: (id: string) => string | undefined;
  userHref: (email: string) => string | null;
  /** The integration's page, when it exists and the viewer may open it. */
  integrationHref: (registrationId: string) => string | null;
};

export function AuditActor({ event, links }: { event: AuditEventRow; links: AuditLinks }) {
  const email = (event.actorId && links.userEmail(event.actorId)) || event.actorEmail;
  if (!email) return <span className="text-slate-500">system</span>;
  const who = <UserEmail email={email} href={event.actorId ? links.userHref(email) : null} />;
  // A write made with an API token names the token ("via token ci"), never the token's value.
  if (!event.actorVia) return who;
  return (
    <>
      {who}
      <span className="text-slate-600"> via {event.actorVia}</span>
    </>
  );
}

export function AuditTarget({ event, links }: { event: AuditEventRow; links: AuditLinks }) {
  const id = event.targetId;
  if (event.targetType === "user" && id) {
    const email = links.userEmail(id);
    return email ? <UserEmail email={email} href={links.userHref(email)} /> : <span>a deleted user</span>;
  }
  if (event.targetType === "integration" && id) {
    const href = links.integrationHref(id);
    return href ? (
      <Link href={href} className="break-words text-indigo-700 underline hover:text-indigo-900">
        {id}
      </Link>
    ) : (
      <span className="break-words">{id}</span>
    );
  }
  if (event.targetType === "sign_in_policy") return <span>Sign-in policy</span>;
  return <span className="break-words">{id ? `${event.targetType} ${id}` : event.targetType}</span>;
}
