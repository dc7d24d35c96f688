// README and docs state numbers that come from constants in the code; each is read here from both places, so they
// cannot drift apart (README is not allowed to promise what the code does not do).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { OUTBOUND_TIMEOUT_MS } from "@/lib/http/outbound";
import { ID_TOKEN_CLOCK_TOLERANCE_S } from "@/lib/integrations/id-token-algorithms";
import { DEFAULT_REPLICA_CPU } from "@/scripts/lib/cpu";

const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
const security = readFileSync("docs/security.md", "utf8").replace(/\s+/g, " ");
const performance = readFileSync("docs/performance.md", "utf8").replace(/\s+/g, " ");

/** The one number `pattern` captures in `text`; fails when the sentence is gone. */
function stated(text: string, pattern: RegExp, where: string): number {
  const match = pattern.exec(text);
  assert.ok(match, `${where} no longer says ${pattern}`);
  return Number(match[1]);
}

describe("numbers in README and docs come from the code", () => {
  it("Fetch configuration's timeout is the outbound deadline (OUTBOUND_TIMEOUT_MS)", () => {
    const seconds = stated(readme, /Keyway reads the discovery document \((\d+) s timeout/, "README");
    assert.equal(seconds, OUTBOUND_TIMEOUT_MS / 1000);
  });
  it("docs/security.md's outbound deadline is OUTBOUND_TIMEOUT_MS", () => {
    assert.equal(stated(security, /under one deadline \((\d+) s\)/, "docs/security.md"), OUTBOUND_TIMEOUT_MS / 1000);
  });
  it("the clock tolerance README states is the one sign-in and Check connection use", () => {
    const tolerance = stated(readme, /clock tolerance of (\d+) s/, "README");
    assert.equal(tolerance, ID_TOKEN_CLOCK_TOLERANCE_S);
    const warnFrom = stated(readme, /Clock check gives \*\*Warning\*\* from (\d+) s/, "README");
    assert.equal(warnFrom, ID_TOKEN_CLOCK_TOLERANCE_S / 2);
    assert.equal(stated(readme, /\*\*Fail\*\* beyond (\d+) s/, "README"), ID_TOKEN_CLOCK_TOLERANCE_S);
  });
  it("bench:replicas' default CPU per replica is DEFAULT_REPLICA_CPU, in README and docs/performance.md", () => {
    assert.equal(stated(readme, /`BENCH_REPLICA_CPU` cores \(default ([\d.]+),/, "README"), DEFAULT_REPLICA_CPU);
    assert.equal(
      stated(performance, /\(`BENCH_REPLICA_CPU`, default ([\d.]+);/, "docs/performance.md"),
      DEFAULT_REPLICA_CPU,
    );
  });
});
