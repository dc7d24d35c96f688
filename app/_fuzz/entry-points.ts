// Every way into Keyway's server code, read from the source tree: each exported HTTP method of an App Router route
// handler (app/**/route.ts) and each export of a "use server" file (a server action). The fuzzer's coverage test
// compares this list with its table, so a new route or action cannot arrive unfuzzed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type EntryPoint =
  /** key: "POST /api/v1/users/[id]" (the URL pattern, route groups dropped). */
  | { kind: "route"; key: string; file: string; method: HttpMethod; pattern: string }
  /** key: the action's exported name (unique across the code base; the coverage test checks it). */
  | { kind: "action"; key: string; file: string; name: string };

const SOURCE = /\.(ts|tsx|js|jsx|mjs)$/;
const SKIP_DIRS = new Set(["node_modules", ".next", ".git", ".tmp", "generated", "data"]);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The runtime (value) names a module exports; `export *` cannot be listed from one file, so it is an error. */
export function exportedNames(source: ts.SourceFile): { names: string[]; problems: string[] } {
  const names: string[] = [];
  const problems: string[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExport(statement)) {
      const isDefault = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      names.push(isDefault ? "default" : (statement.name?.text ?? "default"));
    } else if (ts.isVariableStatement(statement) && hasExport(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        else problems.push(`${source.fileName}: destructured exports cannot be listed`);
      }
    } else if (ts.isClassDeclaration(statement) && hasExport(statement) && statement.name) {
      names.push(statement.name.text);
    } else if (ts.isExportAssignment(statement)) {
      names.push("default");
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      if (!statement.exportClause)
        problems.push(`${source.fileName}: "export *" hides what it exports; name each export`);
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push(element.name.text);
      } else problems.push(`${source.fileName}: "export * as" hides what it exports; name each export`);
    }
  }
  return { names, problems };
}

function directiveOf(source: ts.SourceFile): string | null {
  const first = source.statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)
    ? first.expression.text
    : null;
}

/** A "use server" directive inside a function body: an inline server action, which this list cannot name. */
function hasInlineUseServer(source: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isBlock(node)) {
      const first = node.statements[0];
      if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)) {
        if (first.expression.text === "use server") found = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** "app/api/v1/users/[id]/route.ts" → "/api/v1/users/[id]"; route groups "(name)" are not part of the URL. */
export function urlPatternOf(appRelativeFile: string): string {
  const segments = path.dirname(appRelativeFile).split(path.sep).slice(1);
  return `/${segments.filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;
}

export function listEntryPoints(root = process.cwd()): { entries: EntryPoint[]; problems: string[] } {
  const entries: EntryPoint[] = [];
  const problems: string[] = [];
  for (const dir of ["app", "components", "lib"]) {
    for (const full of sourceFiles(path.join(root, dir))) {
      const file = path.relative(root, full);
      const text = readFileSync(full, "utf8");
      if (!text.includes("use server") && !/^app\/.*\/route\.[jt]sx?$/.test(file)) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      if (hasInlineUseServer(source)) {
        problems.push(`${file}: inline "use server" functions cannot be fuzzed; move them to an actions.ts file`);
      }
      const isRoute = /^app\/.*\/route\.[jt]sx?$/.test(file);
      const isActions = directiveOf(source) === "use server";
      if (!isRoute && !isActions) continue;
      const exported = exportedNames(source);
      problems.push(...exported.problems);
      if (isRoute) {
        const pattern = urlPatternOf(file);
        for (const name of exported.names) {
          if ((HTTP_METHODS as readonly string[]).includes(name)) {
            entries.push({ kind: "route", key: `${name} ${pattern}`, file, method: name as HttpMethod, pattern });
          }
        }
      } else {
        for (const name of exported.names) entries.push({ kind: "action", key: name, file, name });
      }
    }
  }
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.key);
    if (other) problems.push(`"${entry.key}" is exported by both ${other} and ${entry.file}; give one another name`);
    seen.set(entry.key, entry.file);
  }
  return { entries: entries.sort((a, b) => a.key.localeCompare(b.key)), problems };
}
