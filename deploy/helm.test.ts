// The Helm chart (deploy/helm/keyway): `helm lint --strict`, `helm template` with each values file in ci/, every
// rendered manifest validated against Kubernetes' schema (deploy/kubernetes-schema.ts), and what the chart promises
// operators: replicas, probes, secrets only by reference, a migration hook, a disruption budget, non-root pods.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { ensureHelm } from "../scripts/lib/tool-cache";
import { type Manifest, validateManifests } from "./kubernetes-schema";

const CHART = "deploy/helm/keyway";
const VALUES = ["ci/default-values.yaml", "ci/ingress-values.yaml"];
/** Every secret Keyway reads: the chart must take each from a Secret, never as a plain value. */
const SECRETS = [
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
  "KEYWAY_SEALING_KEY",
  "KEYWAY_SEALING_KEY_PREVIOUS",
  "KEYWAY_ADMIN_PASSWORD",
  "KEYWAY_METRICS_TOKEN",
  "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY",
];

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Container = {
  args?: string[];
  env?: Env[];
  resources?: { requests?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
  startupProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
};
type PodSpec = {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string; emptyDir?: object }[];
};

let helm = "";
const rendered = new Map<string, Manifest[]>();

function render(values: string): Manifest[] {
  const out = execFileSync(helm, ["template", "keyway", CHART, "-f", `${CHART}/${values}`], { encoding: "utf8" });
  return parseAllDocuments(out)
    .map((doc) => doc.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const podSpec = (m: Manifest) => (m as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;

describe("Helm chart deploy/helm/keyway", () => {
  before(() => {
    helm = ensureHelm();
    for (const values of VALUES) rendered.set(values, render(values));
  });

  for (const values of VALUES) {
    it(`passes helm lint --strict with ${values}`, () => {
      const res = spawnSync(helm, ["lint", "--strict", CHART, "-f", `${CHART}/${values}`], { encoding: "utf8" });
      assert.equal(res.status, 0, res.stdout + res.stderr);
      assert.match(res.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }

  it("renders only manifests that validate against the Kubernetes schema, unknown fields included", () => {
    const all = [...rendered.values()].flat();
    assert.ok(all.length >= 9, `rendered ${all.length} manifests`);
    assert.deepEqual(validateManifests(all), []);
  });

  it("the validator is not vacuous: it refuses a misspelt field and a wrong type", () => {
    const deployment = structuredClone(byKind(rendered.get(VALUES[0]!)!, "Deployment")[0]!);
    const container = podSpec(deployment).containers[0] as Record<string, unknown>;
    container.livenesProbe = container.livenessProbe;
    (deployment.spec as { replicas: unknown }).replicas = "two";
    const problems = validateManifests([deployment]);
    assert.ok(
      problems.some((p) => p.includes("livenesProbe")),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => p.includes("replicas")),
      problems.join("\n"),
    );
  });

  it("refuses to render without publicUrl, naming the setting", () => {
    const res = spawnSync(helm, ["template", "keyway", CHART], { encoding: "utf8" });
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /publicUrl is required/);
  });

  it("runs two replicas by default behind a Service, with a PodDisruptionBudget and no Ingress", () => {
    const manifests = rendered.get("ci/default-values.yaml")!;
    const [deployment] = byKind(manifests, "Deployment");
    assert.equal((deployment!.spec as { replicas: number }).replicas, 2);
    assert.equal(byKind(manifests, "Service").length, 1);
    assert.equal(byKind(manifests, "PodDisruptionBudget").length, 1);
    assert.equal(byKind(manifests, "Ingress").length, 0);
    assert.equal(byKind(rendered.get("ci/ingress-values.yaml")!, "Ingress").length, 1);
  });

  it("probes: startup and liveness on /api/health/live, readiness on /api/health/ready", () => {
    const [container] = podSpec(byKind(rendered.get(VALUES[0]!)!, "Deployment")[0]!).containers;
    assert.equal(container!.startupProbe?.httpGet?.path, "/api/health/live");
    assert.equal(container!.livenessProbe?.httpGet?.path, "/api/health/live");
    assert.equal(container!.readinessProbe?.httpGet?.path, "/api/health/ready");
    assert.deepEqual(container!.args, ["start"]);
  });

  it("takes every secret from a Secret by reference and renders no Secret itself", () => {
    for (const [values, manifests] of rendered) {
      assert.equal(byKind(manifests, "Secret").length, 0, values);
      const env = podSpec(byKind(manifests, "Deployment")[0]!).containers[0]!.env ?? [];
      for (const name of SECRETS) {
        const entry = env.find((e) => e.name === name);
        assert.ok(entry?.valueFrom?.secretKeyRef, `${values}: ${name} is not a secretKeyRef`);
        assert.equal(entry.value, undefined, `${values}: ${name} has a plain value`);
      }
    }
  });

  it("migrates in a pre-install/pre-upgrade hook Job running `keyway migrate`", () => {
    const [job] = byKind(rendered.get(VALUES[0]!)!, "Job");
    const annotations = (job!.metadata as { annotations: Record<string, string> }).annotations;
    assert.equal(annotations["helm.sh/hook"], "pre-install,pre-upgrade");
    const [container] = podSpec(job!).containers;
    assert.deepEqual(container!.args, ["migrate"]);
    assert.ok(container!.env?.find((e) => e.name === "DATABASE_URL")?.valueFrom?.secretKeyRef);
  });

  it("every pod is non-root on a read-only root filesystem, with resource requests and an emptyDir for /tmp", () => {
    for (const manifest of [...rendered.values()].flat().filter((m) => m.kind === "Deployment" || m.kind === "Job")) {
      const spec = podSpec(manifest);
      assert.equal(spec.securityContext?.runAsNonRoot, true);
      assert.ok((spec.securityContext?.runAsUser ?? 0) > 0);
      for (const container of spec.containers) {
        assert.equal(container.securityContext?.readOnlyRootFilesystem, true, manifest.kind);
        assert.equal(container.securityContext?.allowPrivilegeEscalation, false, manifest.kind);
        assert.deepEqual(container.securityContext?.capabilities?.drop, ["ALL"]);
        assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory, manifest.kind);
        const tmp = container.volumeMounts?.find((m) => m.mountPath === "/tmp");
        assert.ok(tmp && spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir, `${manifest.kind}: /tmp`);
      }
    }
  });

  it("deploys the version in package.json by default (Chart appVersion)", () => {
    const chart = parse(readFileSync(`${CHART}/Chart.yaml`, "utf8")) as { appVersion: string };
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    assert.equal(chart.appVersion, pkg.version);
  });
});
