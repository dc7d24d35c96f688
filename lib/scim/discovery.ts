// The three discovery endpoints (RFC 7644 §4): what this service provider supports, its resource types and schemas.
import { MAX_PAGE_SIZE } from "./filter";
import { GROUP_SCHEMA, USER_SCHEMA } from "./resources";

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://github.com/keyway/keyway#provisioning-scim",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "The integration's SCIM token, sent as Authorization: Bearer <token>.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const resourceTypes = (baseUrl: string) => [
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "User",
    name: "User",
    endpoint: "/Users",
    schema: USER_SCHEMA,
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    schema: GROUP_SCHEMA,
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
  },
];

const attr = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

const schemas = (baseUrl: string) => [
  {
    id: USER_SCHEMA,
    name: "User",
    description: "A Keyway user provisioned by this integration.",
    attributes: [
      attr("userName", { required: true, uniqueness: "server" }),
      attr("name", {
        type: "complex",
        subAttributes: [attr("formatted"), attr("givenName"), attr("familyName")],
      }),
      attr("displayName"),
      // Keyway keeps the email it was provisioned with: changing it is refused (it is how sign-ins are matched).
      attr("emails", {
        type: "complex",
        multiValued: true,
        mutability: "immutable",
        subAttributes: [attr("value"), attr("type"), attr("primary", { type: "boolean" })],
      }),
      attr("active", { type: "boolean" }),
      attr("externalId", { caseExact: true }),
    ],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${USER_SCHEMA}` },
  },
  {
    id: GROUP_SCHEMA,
    name: "Group",
    description: "A group pushed by this integration.",
    attributes: [
      attr("displayName", { required: true, uniqueness: "server" }),
      attr("members", {
        type: "complex",
        multiValued: true,
        subAttributes: [attr("value", { mutability: "immutable" }), attr("display", { mutability: "readOnly" })],
      }),
      attr("externalId", { caseExact: true }),
    ],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${GROUP_SCHEMA}` },
  },
];

const list = <T>(items: T[]) => ({
  schemas: [LIST],
  totalResults: items.length,
  startIndex: 1,
  itemsPerPage: items.length,
  Resources: items,
});

/** ResourceTypes or Schemas, the list or one by id; null when the id is unknown. */
export function discoveryResource(kind: "ResourceTypes" | "Schemas", id: string | undefined, baseUrl: string) {
  const items: { id: string }[] = kind === "ResourceTypes" ? resourceTypes(baseUrl) : schemas(baseUrl);
  if (id === undefined) return list(items);
  return items.find((item) => item.id === id) ?? null;
}
