// SCIM filters (RFC 7644 §3.4.2.2) → what to look up. Parsing is scim2-parse-filter's; Keyway supports the
// equality filters IdPs send to find a resource before creating it, and says clearly when a filter is beyond that.
import { type Filter, parse } from "scim2-parse-filter";
import { ScimError } from "./errors";

export type UserLookup = { userName: string } | { externalId: string } | { email: string } | null;
export type GroupLookup = { displayName: string } | { externalId: string } | null;

function parseFilter(text: string): Filter {
  try {
    return parse(text);
  } catch {
    throw new ScimError(400, "The filter could not be parsed.", "invalidFilter");
  }
}

const unsupported = (text: string) =>
  new ScimError(400, `Unsupported filter: ${text.slice(0, 200)}. Supported: ${USER_FILTERS}.`, "invalidFilter");
const USER_FILTERS = 'userName eq, externalId eq, emails[type eq "work"].value eq, emails.value eq';

function stringValue(value: unknown, text: string): string {
  if (typeof value !== "string") throw unsupported(text);
  return value;
}

/** A Users filter, or null without one (list everything, paged). */
export function userLookup(text: string | null): UserLookup {
  if (!text?.trim()) return null;
  const f = parseFilter(text);
  if (f.op === "eq") {
    const attr = f.attrPath.toLowerCase();
    if (attr === "username") return { userName: stringValue(f.compValue, text) };
    if (attr === "externalid") return { externalId: stringValue(f.compValue, text) };
    if (attr === "emails.value" || attr === "emails") return { email: stringValue(f.compValue, text) };
  }
  // emails[type eq "work"].value eq "x" parses as: emails[type eq "work"] AND emails.value eq "x".
  if (f.op === "and" && f.filters.length === 2) {
    const [selector, value] = f.filters;
    if (
      selector.op === "[]" &&
      selector.attrPath.toLowerCase() === "emails" &&
      selector.valFilter.op === "eq" &&
      selector.valFilter.attrPath.toLowerCase() === "type" &&
      value.op === "eq" &&
      value.attrPath.toLowerCase() === "emails.value"
    )
      return { email: stringValue(value.compValue, text) };
  }
  throw unsupported(text);
}

export function groupLookup(text: string | null): GroupLookup {
  if (!text?.trim()) return null;
  const f = parseFilter(text);
  if (f.op === "eq") {
    const attr = f.attrPath.toLowerCase();
    if (attr === "displayname") return { displayName: stringValue(f.compValue, text) };
    if (attr === "externalid") return { externalId: stringValue(f.compValue, text) };
  }
  throw new ScimError(400, "Unsupported filter. Supported: displayName eq, externalId eq.", "invalidFilter");
}

/** Paging: 1-based `startIndex`, `count` capped at MAX_PAGE_SIZE (RFC 7644 §3.4.2.4: bad values are clamped). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;
export function paging(params: URLSearchParams): { startIndex: number; count: number } {
  const start = Number.parseInt(params.get("startIndex") ?? "1", 10);
  const count = Number.parseInt(params.get("count") ?? String(DEFAULT_PAGE_SIZE), 10);
  return {
    startIndex: Number.isFinite(start) && start > 0 ? start : 1,
    count: Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
  };
}
