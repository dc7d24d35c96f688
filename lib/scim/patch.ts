// SCIM PATCH (RFC 7644 §3.5.2) → one change set. Entra and Okta word the same change differently: ops in any case
// ("Replace"), `path` with or without the schema URN, no path with an object value (Okta's `{"active": false}`,
// Entra's `{"name.givenName": …}`), booleans as strings ("False"), and `emails[type eq "work"].value`. All of these
// end up as the same fields below; attributes Keyway does not keep (phone numbers, addresses, enterprise extension)
// are accepted and ignored, because IdPs send them by default and failing them would stop all provisioning.
import { parse } from "scim2-parse-filter";
import { ScimError } from "./errors";
import { PATCH_SCHEMA, USER_SCHEMA } from "./resources";

export type UserChanges = {
  active?: boolean;
  userName?: string;
  externalId?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  formatted?: string | null;
  displayName?: string | null;
  email?: string;
};

export type PatchOperation = { op: "add" | "replace" | "remove"; path: string | null; value: unknown };

/** The body's operations, checked for shape (schemas, op names); values are checked per attribute. */
export function patchOperations(body: unknown): PatchOperation[] {
  const record = body as { schemas?: unknown; Operations?: unknown } | null;
  if (!record || typeof record !== "object" || !Array.isArray(record.Operations)) {
    throw new ScimError(400, "A PATCH body needs an Operations array.", "invalidSyntax");
  }
  if (Array.isArray(record.schemas) && !record.schemas.includes(PATCH_SCHEMA)) {
    throw new ScimError(400, `A PATCH body's schemas must include ${PATCH_SCHEMA}.`, "invalidSyntax");
  }
  if (record.Operations.length > 100) throw new ScimError(400, "At most 100 operations per PATCH.", "tooMany");
  return record.Operations.map((raw: unknown) => {
    const { op, path, value } = (raw ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
    const name = typeof op === "string" ? op.toLowerCase() : "";
    if (name !== "add" && name !== "replace" && name !== "remove") {
      throw new ScimError(400, `Unknown PATCH op: ${String(op).slice(0, 40)}.`, "invalidSyntax");
    }
    if (path !== undefined && typeof path !== "string")
      throw new ScimError(400, "path must be a string.", "invalidPath");
    return { op: name, path: path ? path.trim() : null, value };
  });
}

/** `urn:…:core:2.0:User:name.givenName` → `name.givenname` (URN prefix dropped, lower-cased: attributes are case-insensitive). */
function attributeOf(path: string): string {
  const stripped = path.startsWith(`${USER_SCHEMA}:`) ? path.slice(USER_SCHEMA.length + 1) : path;
  return stripped.toLowerCase();
}

export function booleanOf(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  // Entra has sent "True"/"False" strings for booleans.
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, `${attribute} must be true or false.`, "invalidValue");
}

function stringOf(value: unknown, attribute: string, { nullable = true } = {}): string | null {
  if (value === null && nullable) return null;
  if (typeof value === "string") return value;
  throw new ScimError(400, `${attribute} must be a string.`, "invalidValue");
}

/** The work (or primary, or first) email of a SCIM `emails` value. */
export function emailFromList(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries = value.filter(
    (e): e is { value: string; type?: string; primary?: unknown } => typeof e?.value === "string",
  );
  const pick =
    entries.find((e) => e.primary === true || e.primary === "true" || e.primary === "True") ??
    entries.find((e) => e.type === "work") ??
    entries[0];
  return pick?.value;
}

function setAttribute(changes: UserChanges, attribute: string, value: unknown, remove: boolean): void {
  switch (attribute) {
    case "active":
      if (remove) throw new ScimError(400, "active cannot be removed; replace it with false.", "mutability");
      changes.active = booleanOf(value, "active");
      return;
    case "username":
      if (remove) throw new ScimError(400, "userName is required and cannot be removed.", "mutability");
      changes.userName = stringOf(value, "userName", { nullable: false }) as string;
      return;
    case "externalid":
      changes.externalId = remove ? null : stringOf(value, "externalId");
      return;
    case "displayname":
      changes.displayName = remove ? null : stringOf(value, "displayName");
      return;
    case "name.givenname":
      changes.givenName = remove ? null : stringOf(value, "name.givenName");
      return;
    case "name.familyname":
      changes.familyName = remove ? null : stringOf(value, "name.familyName");
      return;
    case "name.formatted":
      changes.formatted = remove ? null : stringOf(value, "name.formatted");
      return;
    case "name": {
      const name = (remove ? {} : value) as Record<string, unknown>;
      if (!name || typeof name !== "object") throw new ScimError(400, "name must be an object.", "invalidValue");
      changes.givenName = stringOf(name.givenName ?? null, "name.givenName");
      changes.familyName = stringOf(name.familyName ?? null, "name.familyName");
      if ("formatted" in name) changes.formatted = stringOf(name.formatted, "name.formatted");
      return;
    }
    case "emails": {
      if (remove) throw new ScimError(400, "The email address cannot be removed.", "mutability");
      const email = emailFromList(value);
      if (email) changes.email = email;
      return;
    }
    default:
      if (/^emails\[.*\]\.value$/.test(attribute)) {
        if (remove) throw new ScimError(400, "The email address cannot be removed.", "mutability");
        changes.email = stringOf(value, "emails.value", { nullable: false }) as string;
      }
    // Anything else (phoneNumbers, addresses, title, enterprise extension…) is not kept by Keyway: ignored.
  }
}

/** A User PATCH body → the fields it changes. */
export function userPatchChanges(body: unknown): UserChanges {
  const changes: UserChanges = {};
  for (const { op, path, value } of patchOperations(body)) {
    if (path) {
      if (/^emails\[/i.test(path)) checkValuePath(path);
      setAttribute(changes, attributeOf(path), value, op === "remove");
      continue;
    }
    if (op === "remove") throw new ScimError(400, "A remove operation needs a path.", "noTarget");
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new ScimError(400, "Without a path, value must be an object of attributes.", "invalidValue");
    }
    for (const [key, v] of Object.entries(value)) setAttribute(changes, attributeOf(key), v, false);
  }
  return changes;
}

function checkValuePath(path: string): void {
  const inner = /^[^[]+\[(.*)\]/.exec(path)?.[1];
  try {
    if (inner) parse(inner);
  } catch {
    throw new ScimError(400, `The path could not be parsed: ${path.slice(0, 200)}`, "invalidPath");
  }
}

export type GroupChanges = {
  displayName?: string;
  externalId?: string | null;
  /** Replace the whole member list. */
  setMembers?: string[];
  addMembers: string[];
  removeMembers: string[];
  removeAllMembers?: boolean;
};

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = (m as { value?: unknown } | null)?.value;
    if (typeof id !== "string")
      throw new ScimError(400, "Each member needs a string value (a user id).", "invalidValue");
    return id;
  });
}

/** A Group PATCH body → its changes: displayName, externalId and members (add, remove by filter or by list, replace). */
export function groupPatchChanges(body: unknown): GroupChanges {
  const changes: GroupChanges = { addMembers: [], removeMembers: [] };
  const apply = (op: PatchOperation["op"], attribute: string, value: unknown) => {
    if (attribute === "displayname") {
      if (op === "remove") throw new ScimError(400, "displayName is required.", "mutability");
      changes.displayName = stringOf(value, "displayName", { nullable: false }) as string;
    } else if (attribute === "externalid") {
      changes.externalId = op === "remove" ? null : stringOf(value, "externalId");
    } else if (attribute === "members") {
      if (op === "add") changes.addMembers.push(...memberIds(value));
      else if (op === "replace") changes.setMembers = memberIds(value ?? []);
      else if (value === undefined) changes.removeAllMembers = true;
      else changes.removeMembers.push(...memberIds(value));
    } else if (attribute !== "id" && attribute !== "schemas" && attribute !== "meta") {
      // Okta's rename repeats the group's id in the value object; read-only attributes are ignored, unknown ones refused.
      throw new ScimError(400, `Unknown Group attribute: ${attribute.slice(0, 100)}.`, "invalidPath");
    }
  };
  for (const { op, path, value } of patchOperations(body)) {
    if (path) {
      // members[value eq "id"]: the member named by the filter (Okta and Entra both send this for removals).
      const selector = /^members\[(.*)\]$/i.exec(path);
      if (selector) {
        let filter;
        try {
          filter = parse(selector[1]);
        } catch {
          throw new ScimError(400, `The path could not be parsed: ${path.slice(0, 200)}`, "invalidPath");
        }
        if (filter.op !== "eq" || filter.attrPath.toLowerCase() !== "value" || typeof filter.compValue !== "string") {
          throw new ScimError(400, 'Supported member paths: members[value eq "<id>"].', "invalidPath");
        }
        if (op !== "remove")
          throw new ScimError(400, "Only remove is supported on a member filter path.", "invalidPath");
        changes.removeMembers.push(filter.compValue);
        continue;
      }
      const attribute = path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:Group:/, "").toLowerCase();
      apply(op, attribute, value);
      continue;
    }
    if (op === "remove") throw new ScimError(400, "A remove operation needs a path.", "noTarget");
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new ScimError(400, "Without a path, value must be an object of attributes.", "invalidValue");
    }
    for (const [key, v] of Object.entries(value)) apply(op, key.toLowerCase(), v);
  }
  return changes;
}
