import { IncomingMessage } from "node:http";
import type { KoaContextWithOIDC } from "oidc-provider";

// Same cap oidc-provider applies to its own bodies (lib/shared/selective_body.js).
export const BODY_LIMIT = 56 * 1024;

/** Reads a request body fully; past `limit` bytes fails with a 413 (Koa answers with err.status). */
export async function readRawBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    // Why: bound memory; a test IdP still must not buffer an unbounded upload.
    if (received > limit) throw Object.assign(new Error("request entity too large"), { status: 413, expose: true });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, received);
}

/**
 * A fresh, unread IncomingMessage carrying the same head (method, url, headers, socket)
 * and the given body, so a downstream parser reads it exactly as it would the original.
 */
export function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method;
  replay.url = original.url;
  replay.httpVersion = original.httpVersion;
  replay.httpVersionMajor = original.httpVersionMajor;
  replay.httpVersionMinor = original.httpVersionMinor;
  const hasLength = original.headers["content-length"] !== undefined;
  replay.headers = hasLength ? { ...original.headers, "content-length": String(body.length) } : original.headers;
  replay.rawHeaders = original.rawHeaders.map((value, i, raw) =>
    i % 2 === 1 && raw[i - 1]?.toLowerCase() === "content-length" ? String(body.length) : value,
  );
  replay.complete = true;
  // Why: the bytes are all buffered below; never touch (resume) the shared socket from here.
  replay._read = () => {};
  replay.push(body);
  replay.push(null);
  return replay;
}

/** Reads the whole body of the request in `ctx` (the node stream is consumed). */
export function takeBody(ctx: KoaContextWithOIDC): Promise<Buffer> {
  return readRawBody(ctx.req);
}

/** Puts an unread request carrying `body` in place of `ctx`'s, for oidc-provider's own stream parser. */
export function putBody(ctx: KoaContextWithOIDC, body: Buffer): void {
  const replay = replayRequest(ctx.req, body);
  // Koa keeps the node request in these three places (koa/lib/application.js createContext).
  ctx.req = replay;
  ctx.request.req = replay;
  ctx.response.req = replay;
}

/** Reads the body and re-injects an identical, unread copy: what was sent, untouched downstream. */
export async function peekBody(ctx: KoaContextWithOIDC): Promise<Buffer> {
  const body = await takeBody(ctx);
  putBody(ctx, body);
  return body;
}
