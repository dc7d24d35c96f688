// Keyway rows → SCIM resources (RFC 7643 §4). Only what the IdP owns is shown: userName, name, email, active,
// externalId and groups; Keyway's own role and authorities are not SCIM's business.
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type ScimUserRow = {
  userId: string;
  externalId: string | null;
  userName: string;
  givenName: string | null;
  familyName: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: { email: string; name: string; disabled: boolean };
};

export const scimUserSelect = {
  userId: true,
  externalId: true,
  userName: true,
  givenName: true,
  familyName: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { email: true, name: true, disabled: true } },
} as const;

export function toScimUser(row: ScimUserRow, baseUrl: string) {
  return {
    schemas: [USER_SCHEMA],
    id: row.userId,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.userName,
    name: {
      formatted: row.user.name,
      ...(row.givenName ? { givenName: row.givenName } : {}),
      ...(row.familyName ? { familyName: row.familyName } : {}),
    },
    displayName: row.user.name,
    emails: [{ value: row.user.email, type: "work", primary: true }],
    active: !row.user.disabled,
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${row.userId}`,
    },
  };
}

export type ScimGroupRow = {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: { userId: string; user: { name: string } }[];
};

export const scimGroupSelect = {
  id: true,
  displayName: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  members: { select: { userId: true, user: { select: { name: true } } } },
} as const;

export function toScimGroup(row: ScimGroupRow, baseUrl: string, { withMembers = true } = {}) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    ...(withMembers
      ? {
          members: row.members.map((m) => ({
            value: m.userId,
            display: m.user.name,
            $ref: `${baseUrl}/Users/${m.userId}`,
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${row.id}`,
    },
  };
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}
