import type { Middleware } from "oidc-provider";

// oidc-provider's built-in pages start their CSS with this import of a Google web font.
const WEB_FONT_IMPORT = /@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g;

/** Removes the web-font import from HTML pages, so a browser on them requests nothing off the machine. */
export const stripWebFonts: Middleware = async (ctx, next) => {
  await next();
  // Why: tests and the demo run offline; the page must not reach out (and must not hang on it).
  if (typeof ctx.body === "string" && ctx.response.is("html")) {
    ctx.body = ctx.body.replace(WEB_FONT_IMPORT, "");
  }
};
