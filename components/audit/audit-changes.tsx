// One audit event's details as a short list a person reads: "field: before → after" for an edit (long values on
// two lines, the old one muted), "field: value" otherwise, secrets only as "changed" or "set", users by email.
import Link from "next/link";
import { Fragment } from "react";
import type { AuditItem, AuditValue } from "@/lib/audit-details";

/** The page to link a user's email to, when the viewer may open it. */
export type UserHref = (email: string) => string | null;

/** A URL that wraps only between its parts (after "/", "?" or "&" past the host), never inside a word. */
export function BreakableUrl({ text }: { text: string }) {
  const start = text.indexOf("://");
  const hostEnd = start < 0 ? 0 : text.indexOf("/", start + 3);
  const head = hostEnd < 0 ? text : text.slice(0, hostEnd);
  const rest = hostEnd < 0 ? "" : text.slice(hostEnd);
  const parts = rest.split(/(?<=[/?&])/).filter(Boolean);
  return (
    <span className="break-words">
      {head}
      {parts.map((part, i) => (
        <Fragment key={i}>
          <wbr />
          {part}
        </Fragment>
      ))}
    </span>
  );
}

export function UserEmail({ email, href }: { email: string; href: string | null }) {
  return href ? (
    <Link href={href} className="break-words text-indigo-700 underline hover:text-indigo-900">
      {email}
    </Link>
  ) : (
    <span className="break-words">{email}</span>
  );
}

function Value({ value, userHref }: { value: AuditValue; userHref: UserHref }) {
  switch (value.kind) {
    case "url":
      return <BreakableUrl text={value.text} />;
    case "users":
      return value.emails.map((email, i) => (
        <Fragment key={email}>
          {i ? ", " : null}
          <UserEmail email={email} href={userHref(email)} />
        </Fragment>
      ));
    case "empty":
      return <span className="text-slate-500 italic">{value.text}</span>;
    default:
      return <span className="break-words">{value.text}</span>;
  }
}

const length = (v: AuditValue) => (v.kind === "users" ? v.emails.join(", ").length : v.text.length);
/** Short values read best on one line ("Role: GUEST → ADMIN"); URLs and long text one under the other. */
const onOneLine = (a: AuditValue, b: AuditValue) => a.kind !== "url" && b.kind !== "url" && length(a) + length(b) <= 40;

function ItemValue({ item, userHref }: { item: AuditItem; userHref: UserHref }) {
  if (item.type === "changed") return <span className="text-slate-700 italic">changed</span>;
  if (item.type === "value") return <Value value={item.value} userHref={userHref} />;
  const before = <Value value={item.before} userHref={userHref} />;
  const after = <Value value={item.after} userHref={userHref} />;
  if (onOneLine(item.before, item.after)) {
    return (
      <>
        <span className="text-slate-500">{before}</span> → {after}
      </>
    );
  }
  return (
    <>
      <span className="block text-slate-500">{before}</span>{" "}
      <span className="block">
        <span className="text-slate-500">→</span> {after}
      </span>
    </>
  );
}

export function AuditChanges({ items, userHref }: { items: AuditItem[]; userHref: UserHref }) {
  if (items.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <ul className="flex flex-col gap-1 text-[0.8125rem] leading-5">
      {items.map((item) => (
        <li key={item.key} className="grid grid-cols-[9.5rem_minmax(0,1fr)] gap-x-3">
          <span className="font-medium text-slate-600">
            {item.label}
            <span className="sr-only">: </span>
          </span>
          <span className="min-w-0 text-slate-900">
            <ItemValue item={item} userHref={userHref} />
          </span>
        </li>
      ))}
    </ul>
  );
}
