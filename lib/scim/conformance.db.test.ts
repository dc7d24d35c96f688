// Conformance-style: every SCIM endpoint driven with the request shapes Microsoft Entra and Okta send (from their
// published SCIM provisioning docs: Entra's "Develop a SCIM endpoint" request examples, Okta's "SCIM 2.0 protocol
// reference"), including paging, filters, PATCH path forms and the error format.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";

const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { makeIntegration, enabledClient } = await import("./scim-test-setup");
type Client = Awaited<ReturnType<typeof enabledClient>>["scim"];

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

describe(`SCIM conformance: Entra and Okta request shapes (${t.flavour})`, () => {
  let scim: Client;
  let token = "";
  before(async () => {
    const admin = await t.db.user.create({ data: { email: "admin@contoso.test", name: "Admin", role: "ADMIN" } });
    await makeIntegration(t, "entra", admin.id, ["contoso.test"]);
    ({ scim, token } = await enabledClient(t, "entra", admin.id));
  });
  after(() => t.close());

  it("discovery: ServiceProviderConfig, ResourceTypes, Schemas as application/scim+json", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    assert.equal(config.status, 200);
    assert.equal(config.headers.get("content-type"), "application/scim+json");
    assert.deepEqual((config.body.patch as { supported: boolean }).supported, true);
    assert.equal((config.body.authenticationSchemes as { type: string }[])[0].type, "oauthbearertoken");
    const types = await scim("GET", "/ResourceTypes");
    assert.deepEqual(
      (types.body.Resources as { id: string }[]).map((r) => r.id),
      ["User", "Group"],
    );
    assert.equal((await scim("GET", "/ResourceTypes/User")).body.endpoint, "/Users");
    const schemas = await scim("GET", "/Schemas");
    assert.equal(schemas.body.totalResults, 2);
    assert.equal((await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).status, 200);
    assert.equal((await scim("GET", "/Schemas/urn:nope")).status, 404);
  });

  it("errors: SCIM's format with status as a string and scimType; 401 without or with a wrong token", async () => {
    const bad = await scim("GET", "/Users", undefined, {
      authorization: "Bearer kw_wrongwrongwrongwrongwrongwrongwrongwrongwro",
    });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body.schemas, [ERROR]);
    assert.equal(bad.body.status, "401");
    assert.doesNotMatch(JSON.stringify(bad.body), new RegExp(token));
    const filter = await scim("GET", `/Users${q("userName sw 1")}`);
    assert.equal(filter.status, 400);
    assert.equal(filter.body.scimType, "invalidFilter");
    const syntax = await scim("POST", "/Users", "{not json");
    assert.equal(syntax.status, 400);
    assert.equal(syntax.body.scimType, "invalidSyntax");
    const type = await scim("POST", "/Users", "{}", { "content-type": "text/plain" });
    assert.equal(type.status, 415);
    assert.equal((await scim("GET", "/Nope")).status, 404);
  });

  it("Entra: probe with a random filter, create, get by id, filter by userName", async () => {
    // Entra's first call is a filter on a random userName (expects an empty ListResponse, not an error).
    const probe = await scim("GET", `/Users${q('userName eq "non-existent user"')}`);
    assert.equal(probe.status, 200);
    assert.deepEqual(probe.body, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    const created = await scim("POST", "/Users", {
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      ],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.test",
      active: true,
      emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@contoso.test" }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(
      created.headers.get("location"),
      created.body.meta && (created.body.meta as { location: string }).location,
    );
    assert.equal(created.body.userName, "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.test");
    assert.equal(created.body.externalId, "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
    assert.equal(created.body.active, true);
    const id = String(created.body.id);
    assert.equal((await scim("GET", `/Users/${id}`)).body.id, id);
    const byName = await scim(
      "GET",
      `/Users${q('userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.test"')}`,
    );
    assert.equal(byName.body.totalResults, 1);
    // userName is caseExact false (RFC 7643 §4.1.1): another case finds the same user, as stored.
    const byOtherCase = await scim(
      "GET",
      `/Users${q('userName eq "TEST_USER_AB6490EE-1E48-479E-A20B-2D77186B5DD1@CONTOSO.TEST"')}`,
    );
    assert.equal(byOtherCase.body.totalResults, 1);
    assert.equal(
      (byOtherCase.body.Resources as { userName: string }[])[0].userName,
      "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.test",
    );
    const byExternal = await scim("GET", `/Users${q('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    assert.equal(byExternal.body.totalResults, 1);
    const byEmail = await scim(
      "GET",
      `/Users${q('emails[type eq "work"].value eq "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@contoso.test"')}`,
    );
    assert.equal(byEmail.body.totalResults, 1);
    // Duplicate create: 409 uniqueness.
    const again = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.test",
      emails: [{ primary: true, type: "work", value: "another@contoso.test" }],
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.scimType, "uniqueness");
    // … and in another case too: one userName, however the IdP capitalises it.
    const otherCase = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "test_user_AB6490EE-1e48-479e-a20b-2d77186b5dd1@contoso.test",
      emails: [{ primary: true, type: "work", value: "yet-another@contoso.test" }],
    });
    assert.equal(otherCase.status, 409);
    assert.equal(otherCase.body.scimType, "uniqueness");
  });

  it("Entra PATCH forms: capitalised ops, string booleans, URN paths, ignored extension attributes", async () => {
    const made = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "pat@contoso.test",
      externalId: "pat",
      name: { givenName: "Pat", familyName: "Doe" },
      emails: [{ primary: true, type: "work", value: "pat@contoso.test" }],
      active: true,
    });
    const id = String(made.body.id);
    const patched = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "displayName", value: "Patricia Doe" },
        { op: "Add", path: "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", value: "Doe-Smith" },
        { op: "Add", path: 'addresses[type eq "work"].formatted', value: "1 Main St" },
        { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "R&D" },
        { op: "Add", path: "externalId", value: "pat-2" },
      ],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.displayName, "Patricia Doe");
    assert.equal((patched.body.name as { familyName: string }).familyName, "Doe-Smith");
    assert.equal(patched.body.externalId, "pat-2");
    const off = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    assert.equal(off.body.active, false);
    const on = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    assert.equal(on.body.active, true);
    const badOp = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Move", path: "active" }],
    });
    assert.equal(badOp.status, 400);
    assert.equal(badOp.body.scimType, "invalidSyntax");
    const badPath = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "emails[type eq ].value", value: "x@contoso.test" }],
    });
    assert.equal(badPath.status, 400);
    assert.equal(badPath.body.scimType, "invalidPath");
  });

  it("Okta: paging with startIndex/count, PUT replace, PATCH without a path {active:false}", async () => {
    for (let i = 0; i < 5; i += 1) {
      const r = await scim("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `okta${i}@contoso.test`,
        name: { givenName: "Okta", familyName: `User${i}` },
        emails: [{ primary: true, value: `okta${i}@contoso.test`, type: "work" }],
        displayName: `Okta User${i}`,
        locale: "en-US",
        externalId: `00u${i}`,
        groups: [],
        password: "ignored-by-keyway",
        active: true,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const all = await scim("GET", "/Users?startIndex=1&count=100");
    const total = Number(all.body.totalResults);
    assert.ok(total >= 7);
    const page = await scim("GET", "/Users?startIndex=3&count=2");
    assert.equal(page.body.startIndex, 3);
    assert.equal(page.body.itemsPerPage, 2);
    assert.equal(page.body.totalResults, total);
    const ids = (all.body.Resources as { id: string }[]).map((r) => r.id);
    assert.deepEqual(
      (page.body.Resources as { id: string }[]).map((r) => r.id),
      ids.slice(2, 4),
    );
    assert.equal((await scim("GET", "/Users?count=0")).body.itemsPerPage, 0);

    const target = (await scim("GET", `/Users${q('userName eq "okta1@contoso.test"')}`)).body.Resources as {
      id: string;
    }[];
    const id = target[0].id;
    const put = await scim("PUT", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id,
      userName: "okta1@contoso.test",
      name: { givenName: "Renamed", familyName: "User1" },
      emails: [{ primary: true, value: "okta1@contoso.test", type: "work" }],
      active: true,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.displayName, "Renamed User1");
    const putEmail = await scim("PUT", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "okta1@contoso.test",
      emails: [{ primary: true, value: "changed@contoso.test", type: "work" }],
    });
    assert.equal(putEmail.status, 400);
    assert.equal(putEmail.body.scimType, "mutability");
    const deactivate = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    assert.equal(deactivate.status, 200);
    assert.equal(deactivate.body.active, false);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).disabled, true);
  });

  it("Groups: create with members, filter by displayName, excludedAttributes=members, membership PATCH (Entra and Okta forms), PUT, DELETE", async () => {
    const users = (await scim("GET", "/Users?count=3")).body.Resources as { id: string }[];
    const [a, b, c] = users.map((u) => u.id);
    const made = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Engineering",
      externalId: "grp-1",
      members: [{ value: a }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const gid = String(made.body.id);
    const found = await scim("GET", `/Groups${q('displayName eq "Engineering"')}&excludedAttributes=members`);
    assert.equal(found.body.totalResults, 1);
    assert.equal((found.body.Resources as Record<string, unknown>[])[0].members, undefined);
    // Entra: add members with path "members", remove with path "members" and a value list.
    let g = await scim("PATCH", `/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ value: b }, { value: c }] }],
    });
    assert.deepEqual((g.body.members as { value: string }[]).map((m) => m.value).sort(), [a, b, c].sort());
    g = await scim("PATCH", `/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Remove", path: "members", value: [{ value: b }] }],
    });
    assert.deepEqual((g.body.members as { value: string }[]).map((m) => m.value).sort(), [a, c].sort());
    // Okta: remove by filter path; rename without a path.
    g = await scim("PATCH", `/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: `members[value eq "${c}"]` },
        { op: "replace", value: { id: gid, displayName: "Eng" } },
      ],
    });
    assert.deepEqual(
      (g.body.members as { value: string }[]).map((m) => m.value),
      [a],
    );
    assert.equal(g.body.displayName, "Eng");
    const foreign = await scim("PATCH", `/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: "not-a-provisioned-user" }] }],
    });
    assert.equal(foreign.status, 400);
    const put = await scim("PUT", `/Groups/${gid}`, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Eng",
      members: [{ value: b }],
    });
    assert.deepEqual(
      (put.body.members as { value: string }[]).map((m) => m.value),
      [b],
    );
    assert.equal((await scim("DELETE", `/Groups/${gid}`)).status, 204);
    assert.equal((await scim("GET", `/Groups/${gid}`)).status, 404);
  });

  it("stats: every request's outcome is counted per integration", async () => {
    const kinds = await t.db.scimActivity.groupBy({ by: ["kind"], _count: { _all: true } });
    const count = (k: string) => kinds.find((x) => x.kind === k)?._count._all ?? 0;
    assert.ok(count("created") >= 7);
    assert.ok(count("deactivated") >= 2);
    assert.ok(count("error") >= 5);
  });
});
