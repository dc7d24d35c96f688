// The OpenAPI 3.1 document: valid for a kept OpenAPI validator, generated from the operations the routes run with,
// and complete — a route file under app/api/v1 that has no entry (or an entry without a route) fails this test.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildOpenApiDocument } from "./openapi";

const ROOT = path.resolve("app/api/v1");
/** The catch-all answers unknown /api/v1 paths with the error envelope (404); it is not an operation. */
const NOT_OPERATIONS = new Set(["/{path}"]);

function routeFiles(dir = ROOT, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routeFiles(full, out);
    else if (entry.name === "route.ts") out.push(full);
  }
  return out;
}

/** `app/api/v1/users/[id]/route.ts` exporting PATCH → "PATCH /users/{id}". */
function routesInCode(): string[] {
  const found: string[] = [];
  for (const file of routeFiles()) {
    const dir = path.relative(ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
    const openApiPath = `/${dir.map((s) => s.replace(/^\[\.\.\.(.+)\]$/, "{$1}").replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
    if (NOT_OPERATIONS.has(openApiPath)) continue;
    const source = readFileSync(file, "utf8");
    for (const [, method] of source.matchAll(
      /export\s+(?:async\s+function|const|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
    ))
      found.push(`${method} ${openApiPath}`);
  }
  return found.sort();
}

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
    components: {
      schemas: Record<string, unknown>;
      securitySchemes: Record<string, { type: string; scheme?: string }>;
    };
  };

  it("is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator", async () => {
    assert.equal(doc.openapi, "3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it("has an entry for every route a file under app/api/v1 exports, and a route for every entry", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    assert.ok(routesInCode().length >= 16, "the route files were found");
    assert.deepEqual(documented, routesInCode());
  });

  it("documents the bearer scheme, the error envelope, and each operation's errors with it", () => {
    assert.equal(doc.components.securitySchemes.bearer.type, "http");
    assert.equal(doc.components.securitySchemes.bearer.scheme, "bearer");
    assert.ok(doc.components.schemas.ErrorEnvelope);
    for (const [p, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods)) {
        const statuses = Object.keys(operation.responses);
        assert.ok(
          statuses.some((s) => /^2\d\d$/.test(s)),
          `${method} ${p} has a success response`,
        );
        assert.ok(statuses.includes("default"), `${method} ${p} documents other errors`);
        for (const status of statuses.filter((s) => /^[45]|default/.test(s)))
          assert.match(JSON.stringify(operation.responses[status]), /ErrorEnvelope/, `${method} ${p} ${status}`);
      }
  });
});
