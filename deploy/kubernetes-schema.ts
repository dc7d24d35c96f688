// Validates rendered Kubernetes manifests offline, two ways, both generated from Kubernetes' OpenAPI definitions:
// kubernetes-models' JSON-schema validators (types, formats, required fields) and kubernetes-types' TypeScript
// definitions, type-checked with `satisfies` so a field Kubernetes does not know (a typo such as `livenesProbe`,
// which the JSON schemas let through) is an error too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as coreV1 from "kubernetes-models/v1";

export type Manifest = { apiVersion: string; kind: string; metadata?: { name?: string }; [key: string]: unknown };

type Model = new (data: never) => { validate(): void };
/** Every kind the chart renders: its kubernetes-models class and its kubernetes-types module and type. */
const KINDS: Record<string, { model: Model; types: [module: string, type: string] }> = {
  "apps/v1 Deployment": { model: appsV1.Deployment, types: ["kubernetes-types/apps/v1", "Deployment"] },
  "v1 Service": { model: coreV1.Service, types: ["kubernetes-types/core/v1", "Service"] },
  "networking.k8s.io/v1 Ingress": { model: networkingV1.Ingress, types: ["kubernetes-types/networking/v1", "Ingress"] },
  "policy/v1 PodDisruptionBudget": {
    model: policyV1.PodDisruptionBudget,
    types: ["kubernetes-types/policy/v1", "PodDisruptionBudget"],
  },
  "batch/v1 Job": { model: batchV1.Job, types: ["kubernetes-types/batch/v1", "Job"] },
  "v1 Secret": { model: coreV1.Secret, types: ["kubernetes-types/core/v1", "Secret"] },
};

const nameOf = (m: Manifest, i: number) => `#${i} ${m.kind}/${m.metadata?.name ?? "?"}`;

/** JSON-schema validation of each manifest; one line per problem. */
function schemaProblems(manifests: Manifest[]): string[] {
  return manifests.flatMap((manifest, i) => {
    const kind = KINDS[`${manifest.apiVersion} ${manifest.kind}`];
    if (!kind) return [`${nameOf(manifest, i)}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
    try {
      new kind.model(manifest as never).validate();
      return [];
    } catch (error) {
      return [`${nameOf(manifest, i)}: ${(error as Error).message}`];
    }
  });
}

/** Type-checks every manifest against kubernetes-types with excess-property checks; one line per problem. */
function unknownFieldProblems(manifests: Manifest[]): string[] {
  const known = manifests.map((m) => KINDS[`${m.apiVersion} ${m.kind}`]);
  if (known.some((k) => !k)) return []; // reported by schemaProblems
  const root = path.resolve(".tmp");
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, "k8s-types-"));
  const file = path.join(dir, "manifests.ts");
  const lines = manifests.map((manifest, i) => {
    const [module, type] = known[i]!.types;
    return `export const m${i} = ${JSON.stringify(manifest, null, 2)} satisfies import("${module}").${type};`;
  });
  writeFileSync(file, `${lines.join("\n")}\n`);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      // The manifests are plain data: ES5 declarations are all the checker needs (faster than the full library).
      lib: ["lib.es5.d.ts"],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return text;
      const index = d.file.text.slice(0, d.start).split("export const m").length - 2;
      return `${manifests[index] ? nameOf(manifests[index], index) : "?"}: ${text.split("\n").at(-1)}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every problem found in the manifests (empty: all valid). */
export function validateManifests(manifests: Manifest[]): string[] {
  return [...schemaProblems(manifests), ...unknownFieldProblems(manifests)];
}
