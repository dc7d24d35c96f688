import type { Middleware } from "oidc-provider";
import { putBody, takeBody } from "./request-body";

// devInteractions' login form posts here (oidc-provider route "submit": POST /interaction/:uid).
const INTERACTION_PREFIX = "/interaction/";

/**
 * Lower-cases the `login` field of the dev login form before devInteractions reads it.
 * oidc-provider makes `sub` the session's accountId, and checks it against grants and
 * tokens, so the login has to be normalised where the session is created, not later.
 */
export const normalizeLogin: Middleware = async (ctx, next) => {
  if (ctx.method === "POST" && ctx.path.startsWith(INTERACTION_PREFIX) && ctx.is("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams((await takeBody(ctx)).toString("utf8"));
    const login = form.get("login");
    if (form.get("prompt") === "login" && login !== null) form.set("login", login.toLowerCase());
    putBody(ctx, Buffer.from(form.toString(), "utf8"));
  }
  await next();
};
