// The config CLI's own parts: secrets read from the environment only when sent, the readable plan, the URL rule.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connection, formatPlan, resolveSecrets } from "./config-cli";

describe("config CLI", () => {
  it("resolves {fromEnv} secrets, and names every variable that is not set", () => {
    const doc = {
      apiVersion: "keyway/v1",
      integrations: [
        { registrationId: "a", clientSecret: { fromEnv: "A_SECRET" } },
        { registrationId: "b", clientSecret: "inline" },
      ],
    };
    assert.deepEqual(resolveSecrets(doc, { A_SECRET: "s3" }).integrations, [
      { registrationId: "a", clientSecret: "s3" },
      { registrationId: "b", clientSecret: "inline" },
    ]);
    assert.throws(() => resolveSecrets(doc, {}), /A_SECRET is not set \(integrations\[0\]\.clientSecret\)/);
  });

  it("prints a plan as + / ~ / - lines, secrets only as (set) or (changed)", () => {
    const text = formatPlan({
      configVersion: 4,
      hasChanges: true,
      unmanaged: ["legacy"],
      changes: [
        {
          target: "integration",
          registrationId: "new",
          action: "create",
          fields: { clientId: "c", clientSecret: "set" },
          notes: [],
        },
        {
          target: "integration",
          registrationId: "acme",
          action: "update",
          fields: {
            loginButtonText: { from: "Acme", to: "Acme Corp" },
            trustEmailAddresses: { from: false, to: true },
            clientSecret: "changed",
          },
          notes: ["You become this integration's identity configurer."],
        },
        { target: "integration", registrationId: "old", action: "delete", fields: {}, notes: [] },
        { target: "signInPolicy", action: "update", fields: { requireSso: { from: false, to: true } }, notes: [] },
      ],
    });
    assert.equal(
      text,
      [
        "Plan against configuration version 4:",
        "+ integration new",
        '    clientId: "c"',
        "    clientSecret: (set)",
        "~ integration acme",
        '    loginButtonText: "Acme" → "Acme Corp"',
        "    trustEmailAddresses: false → true",
        "    clientSecret: (changed)",
        "    note: You become this integration's identity configurer.",
        "- integration old",
        "~ sign-in policy",
        "    requireSso: false → true",
        "Left as they are (not in the document; prune is off): legacy",
        "4 changes.",
      ].join("\n"),
    );
  });

  it("needs KEYWAY_URL and KEYWAY_TOKEN, and https except on loopback", () => {
    assert.throws(() => connection({ KEYWAY_TOKEN: "t" }), /KEYWAY_URL/);
    assert.throws(() => connection({ KEYWAY_URL: "https://k.example" }), /KEYWAY_TOKEN/);
    assert.throws(() => connection({ KEYWAY_URL: "http://k.example", KEYWAY_TOKEN: "t" }), /https/);
    assert.deepEqual(connection({ KEYWAY_URL: "http://127.0.0.1:3000/", KEYWAY_TOKEN: "t" }), {
      url: "http://127.0.0.1:3000",
      token: "t",
    });
  });
});
