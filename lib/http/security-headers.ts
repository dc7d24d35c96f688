// The browser-facing security headers, in one place. Pages get a per-request CSP nonce from proxy.ts; every
// response gets the static ones from next.config.js (which imports nothing, so the values are repeated there).
export function contentSecurityPolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    // Only scripts carrying this request's nonce (Next adds it to its own), and what they load ('strict-dynamic').
    // Development needs eval for React's debugging stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes cannot carry a nonce; styles cannot run code, so this is the accepted trade-off.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // No other site may frame Keyway (clickjacking of the sign-in and console pages).
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** For responses that are never HTML a browser should run (JSON API, auth endpoints). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
