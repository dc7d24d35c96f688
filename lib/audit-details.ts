// What an audit event's details say, as items a person reads: an edit as "field: before → after" (secrets only as
// "changed"), a creation or any other event as "field: value". Labels come from the one table of integration fields
// and the table below; keys it does not know are shown with a readable label rather than hidden. Users appear by
// email (the page links them). Rows written before before-values were kept ("requireSso: false") read the same way.
// Client-safe and pure: no I/O.
import { INTEGRATION_FIELDS, isIntegrationField } from "./integrations/fields";
import { CLIENT_AUTH_METHOD_LABELS, PROVIDERS } from "./integrations/schema";

export type AuditValue =
  | { kind: "text"; text: string }
  | { kind: "url"; text: string }
  | { kind: "empty"; text: string }
  /** Keyway users, by email. */
  | { kind: "users"; emails: string[] };

export type AuditItem = { key: string; label: string } & (
  | { type: "change"; before: AuditValue; after: AuditValue }
  /** A secret: never its value, only that it changed. */
  | { type: "changed" }
  | { type: "value"; value: AuditValue }
);

type DetailField = { label: string; secret?: boolean; users?: boolean; hidden?: boolean };

/** Detail keys other than integration fields: their labels, and which hold secrets or users' emails. */
const DETAIL_FIELDS: Record<string, DetailField> = {
  email: { label: "Email", users: true },
  name: { label: "Name" },
  role: { label: "Role" },
  authorities: { label: "Authorities" },
  password: { label: "Password", secret: true },
  passwordHash: { label: "Password", secret: true },
  clientSecretSealed: { label: "Client Secret", secret: true },
  disabled: { label: "Disabled" },
  enabled: { label: "Enabled" },
  ended: { label: "Sessions ended" },
  reason: { label: "Reason" },
  address: { label: "Address" },
  sub: { label: "Subject (sub)" },
  linkedNow: { label: "Linked now" },
  code: { label: "Code" },
  requireSso: { label: "Require single sign-on" },
  breakGlass: { label: "Break-glass accounts", users: true },
  linksRemoved: { label: "Links removed" },
  outcome: { label: "Outcome" },
  wouldSignInAs: { label: "Would sign in as", users: true },
  // SCIM deprovisioning receipts (lib/scim/users.ts).
  integration: { label: "Integration" },
  request: { label: "IdP request" },
  receivedAt: { label: "Request arrived" },
  revokedAt: { label: "Access ended" },
  timeToRevokeMs: { label: "Time to revoke (ms)" },
  sessionsEnded: { label: "Sessions ended" },
  apiTokensEnded: { label: "API tokens ended" },
  // Anonymise on request (lib/users/anonymise.ts).
  ssoLinksRemoved: { label: "SSO links removed" },
  sessionsRemoved: { label: "Sessions removed" },
  apiTokensRemoved: { label: "API tokens removed" },
  // Group mappings (lib/integrations/group-mappings.ts).
  added: { label: "Authorities added" },
  removed: { label: "Authorities removed" },
  groups: { label: "Groups sent by the IdP" },
  before: { label: "Mappings before" },
  after: { label: "Mappings after" },
  grantsRemoved: { label: "Mapped grants removed" },
  // Bookkeeping, not a change anyone made.
  configVersion: { label: "Config version", hidden: true },
  issuerDiscovered: { label: "Issuer discovered", hidden: true },
};

function fieldOf(key: string): DetailField {
  if (isIntegrationField(key)) return INTEGRATION_FIELDS[key];
  if (Object.hasOwn(DETAIL_FIELDS, key)) return DETAIL_FIELDS[key];
  // Why: any key named like a secret is treated as one, whatever writes it.
  if (/secret|password/i.test(key)) return { label: humanize(key), secret: true };
  return { label: humanize(key) };
}

/** "linksRemoved" → "Links removed". */
function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isUrl = (text: string) => /^https?:\/\/\S+$/i.test(text);

function valueOf(key: string, raw: unknown): AuditValue {
  if (raw === null || raw === undefined || raw === "") return { kind: "empty", text: "(empty)" };
  if (fieldOf(key).users) {
    const emails = (Array.isArray(raw) ? raw : [raw]).map(String).filter(Boolean);
    return emails.length ? { kind: "users", emails } : { kind: "empty", text: "(none)" };
  }
  if (Array.isArray(raw)) {
    return raw.length
      ? { kind: "text", text: raw.map((v) => textOf(key, v)).join(", ") }
      : { kind: "empty", text: "(none)" };
  }
  const text = textOf(key, raw);
  return isUrl(text) ? { kind: "url", text } : { kind: "text", text };
}

function textOf(key: string, raw: unknown): string {
  if (typeof raw === "boolean") return raw ? "Yes" : "No";
  if (typeof raw === "object" && raw !== null) return JSON.stringify(raw);
  const text = String(raw);
  if (key === "clientAuthMethod" && Object.hasOwn(CLIENT_AUTH_METHOD_LABELS, text)) {
    return CLIENT_AUTH_METHOD_LABELS[text as keyof typeof CLIENT_AUTH_METHOD_LABELS];
  }
  if (key === "provider" && Object.hasOwn(PROVIDERS, text)) return PROVIDERS[text as keyof typeof PROVIDERS];
  return text;
}

/** A secret at creation: whether one was set, never what it is. */
function secretState(raw: unknown): AuditValue {
  const none = raw === null || raw === undefined || raw === "" || raw === "[none]" || raw === false;
  return { kind: "text", text: none ? "none" : "set" };
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Integration fields in the form's order, then everything else as written. */
function ordered(keys: string[]): string[] {
  const order = Object.keys(INTEGRATION_FIELDS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

function change(key: string, before: unknown, after: unknown): AuditItem {
  const { label, secret } = fieldOf(key);
  if (secret) return { key, label, type: "changed" };
  return { key, label, type: "change", before: valueOf(key, before), after: valueOf(key, after) };
}

function value(key: string, raw: unknown, details: Record<string, unknown>): AuditItem {
  const { label, secret } = fieldOf(key);
  if (secret)
    return raw === "changed" ? { key, label, type: "changed" } : { key, label, type: "value", value: secretState(raw) };
  const shown = valueOf(key, raw);
  // The issuer a creation read from the IdP's discovery document says so.
  if (key === "issuer" && details.issuerDiscovered === true && shown.kind === "url") {
    return { key, label, type: "value", value: { kind: "text", text: `${shown.text} (discovered)` } };
  }
  return { key, label, type: "value", value: shown };
}

const plain = (v: AuditValue) => (v.kind === "users" ? v.emails.join(", ") : v.text);

/** One field of a change set's change as "Label: value", "Label: before → after", or a secret's "changed"/"set". */
function fieldLine(key: string, raw: unknown): string {
  const { label, secret } = fieldOf(key);
  const pair = asRecord(raw);
  if (secret) return `${label}: ${raw === "changed" || pair ? "changed" : plain(secretState(raw))}`;
  if (pair && "to" in pair) return `${label}: ${plain(valueOf(key, pair.from))} → ${plain(valueOf(key, pair.to))}`;
  return `${label}: ${plain(valueOf(key, raw))}`;
}

type SetChange = { target?: unknown; registrationId?: unknown; action?: unknown; fields?: unknown };

/** A change set (config.apply): one item per change, naming what it changed, its fields on one line. */
function changeSetItems(changes: unknown[]): AuditItem[] {
  return changes.map((raw, index): AuditItem => {
    const change = (asRecord(raw) ?? {}) as SetChange;
    const what = change.target === "integration" ? `integration ${String(change.registrationId)}` : "sign-in policy";
    const fields = asRecord(change.fields) ?? {};
    const text = ordered(Object.keys(fields))
      .map((key) => fieldLine(key, fields[key]))
      .join("; ");
    const value: AuditValue = text ? { kind: "text", text } : { kind: "empty", text: "—" };
    return { key: `change-${index}`, label: `${index + 1}. ${String(change.action)} ${what}`, type: "value", value };
  });
}

/** The items of one event's details. `targetId` is left out when the details repeat it (the row shows it). */
export function describeAuditDetails(details: unknown, targetId?: string | null): AuditItem[] {
  const d = asRecord(details) ?? {};
  const items: AuditItem[] = [];
  const used = new Set<string>();
  const changes = asRecord(d.changes);
  if (Array.isArray(d.changes)) {
    used.add("changes");
    items.push(...changeSetItems(d.changes));
  } else if (changes) {
    used.add("changes");
    for (const key of ordered(Object.keys(changes))) {
      const c = changes[key];
      const pair = asRecord(c);
      if (c === "changed" || fieldOf(key).secret) items.push({ key, label: fieldOf(key).label, type: "changed" });
      else if (pair && !same(pair.from, pair.to)) items.push(change(key, pair.from, pair.to));
    }
  }
  const before = asRecord(d.before);
  const after = asRecord(d.after);
  if (before && after) {
    used.add("before").add("after");
    for (const key of ordered([...new Set([...Object.keys(before), ...Object.keys(after)])])) {
      if (!same(before[key], after[key])) items.push(change(key, before[key], after[key]));
    }
  }
  for (const key of ordered(Object.keys(d))) {
    if (used.has(key) || fieldOf(key).hidden) continue;
    if (key === "registrationId" && d[key] === targetId) continue;
    items.push(value(key, d[key], d));
  }
  return items;
}

/** Every user email the items mention (for the page to link them). */
export function emailsIn(items: AuditItem[]): string[] {
  const values = items.flatMap((i) =>
    i.type === "change" ? [i.before, i.after] : i.type === "value" ? [i.value] : [],
  );
  return values.flatMap((v) => (v.kind === "users" ? v.emails : []));
}
