// How the fuzzer calls a route handler or a server action in process, as Next's server would: inside Next's own
// request stores (so cookies(), headers() and revalidatePath() work), with a real next-auth session cookie for a
// real Session row (the same sign-in check as production, no stub), and the answer reduced to status + text.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import type { EntryPoint } from "./entry-points";

// What Next's server does at boot (node-environment): its request stores are AsyncLocalStorage instances.
(globalThis as Record<string, unknown>).AsyncLocalStorage ??= AsyncLocalStorage;
const { workAsyncStorage } = await import("next/dist/server/app-render/work-async-storage.external.js");
const { workUnitAsyncStorage } = await import("next/dist/server/app-render/work-unit-async-storage.external.js");
const { createRequestStoreForAPI } = await import("next/dist/server/async-storage/request-store.js");
const { createWorkStore } = await import("next/dist/server/async-storage/work-store.js");
const { NextRequest } = await import("next/server.js");
const { encode } = await import("next-auth/jwt");

/** A route handler's input: path parameters, query string, body, extra headers and cookies. */
export type RouteInput = {
  params?: Record<string, string | string[]>;
  query?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
};

type Common = {
  /** Inputs this target gets; default: its share of the run's budget (fuzz.db.test.ts). */
  runs?: number;
  /** Share of the budget relative to other targets (1 by default; slow targets less). */
  weight?: number;
  /** A refusal of this target is itself recorded (failed sign-ins are audited): only settings must not change. */
  recordsRefusals?: boolean;
};
export type FuzzEntry =
  | (Common & { kind: "route"; input: fc.Arbitrary<RouteInput> })
  | (Common & { kind: "action"; input: fc.Arbitrary<unknown> });

export type Identity = "admin" | "guest" | "anonymous";
/** Most inputs come from an admin (to get past authorization), some from a guest and from no one. */
export const identity: fc.Arbitrary<Identity> = fc.oneof(
  { weight: 8, arbitrary: fc.constant("admin" as const) },
  fc.constant("guest" as const),
  fc.constant("anonymous" as const),
);

export type Outcome = { status: number; text: string };

/** The value of a next-auth session cookie naming `sid` (a Session row) of user `uid`, as the sign-in writes it. */
export async function sessionCookieValue(user: { id: string; email: string; name: string }, sid: string) {
  return encode({
    token: { uid: user.id, email: user.email, name: user.name, via: "credentials", sid },
    secret: process.env.NEXTAUTH_SECRET!,
  });
}

/** A valid next-auth CSRF pair (cookie value and form field), as GET /api/auth/csrf hands out. */
export function csrfPair(secret = process.env.NEXTAUTH_SECRET!) {
  const token = randomBytes(32).toString("hex");
  return { token, cookie: `${token}|${createHash("sha256").update(`${token}${secret}`).digest("hex")}` };
}

export const SESSION_COOKIE = "next-auth.session-token";

function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/** Runs `fn` as Next runs a route handler or server action: a work store and a request store for `request`. */
function inRequestScope<T>(request: InstanceType<typeof NextRequest>, fn: () => Promise<T>): Promise<T> {
  const workStore = createWorkStore({
    page: request.nextUrl.pathname,
    // revalidatePath() only records the paths it is asked to refresh in this store.
    renderOpts: { experimental: {}, incrementalCache: {} } as never,
    isPrefetchRequest: false,
    buildId: "fuzz",
    previouslyRevalidatedTags: [],
  } as never);
  const requestStore = createRequestStoreForAPI(
    request,
    request.nextUrl,
    undefined as never,
    undefined,
    undefined as never,
    undefined,
  );
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
}

/** "/api/v1/users/[id]" with { id: "a/b" } → "/api/v1/users/a%2Fb"; "[...x]" takes an array of segments. */
export function fillPattern(pattern: string, params: Record<string, string | string[]>): string {
  return pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_m, _rest, name: string) => {
    const value = params[name] ?? "";
    return (Array.isArray(value) ? value : [value]).map(encodeURIComponent).join("/");
  });
}

type Modules = Map<string, Record<string, unknown>>;
const modules: Modules = new Map();
export async function moduleOf(file: string): Promise<Record<string, unknown>> {
  let mod = modules.get(file);
  if (!mod) {
    mod = (await import(`${process.cwd()}/${file}`)) as Record<string, unknown>;
    modules.set(file, mod);
  }
  return mod;
}

/** Calls one entry point with one input from `cookies`' identity; never throws (a throw is a 500). */
export async function callEntryPoint(
  entry: EntryPoint,
  input: unknown,
  sessionCookies: Record<string, string>,
  origin: string,
): Promise<Outcome> {
  const mod = await moduleOf(entry.file);
  try {
    if (entry.kind === "route") {
      const routeInput = (input ?? {}) as RouteInput;
      const params = routeInput.params ?? {};
      const url = new URL(`${fillPattern(entry.pattern, params)}${routeInput.query ?? ""}`, origin);
      const hasBody = entry.method !== "GET" && entry.method !== "HEAD";
      const request = new NextRequest(url, {
        method: entry.method,
        headers: {
          ...(routeInput.contentType ? { "content-type": routeInput.contentType } : {}),
          ...routeInput.headers,
          cookie: cookieHeader({ ...sessionCookies, ...routeInput.cookies }),
        },
        ...(hasBody ? { body: routeInput.body ?? "" } : {}),
      });
      const handler = mod[entry.method] as (r: Request, c: unknown) => Promise<Response>;
      const response = await inRequestScope(request, () => handler(request, { params: Promise.resolve(params) }));
      const headers = [...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
      return { status: response.status, text: `${headers}\n\n${await response.text()}` };
    }
    const request = new NextRequest(new URL("/", origin), {
      method: "POST",
      headers: { cookie: cookieHeader(sessionCookies), origin, "next-action": entry.name },
    });
    const action = mod[entry.name] as (input: unknown) => Promise<unknown>;
    const result = await inRequestScope(request, () => action(input));
    const text = JSON.stringify(result) ?? "";
    if (result && typeof result === "object" && "ok" in result) {
      const r = result as { ok: boolean; status?: number };
      return { status: r.ok ? 200 : (r.status ?? 400), text };
    }
    return { status: 200, text };
  } catch (error) {
    const digest = (error as { digest?: unknown })?.digest;
    // redirect() inside an action or handler is Next's control flow (a 303/307), not a failure.
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { status: 303, text: digest };
    return { status: 500, text: `threw: ${(error as Error)?.stack ?? String(error)}` };
  }
}
