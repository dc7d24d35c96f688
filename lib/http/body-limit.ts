// Request bodies are bounded before they are buffered: by Content-Length when the client declares one, and by
// counting bytes while streaming (a chunked body has no Content-Length). A huge body never sits in memory whole.
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export type BoundedBody = { ok: true; text: string } | { ok: false; status: 413 | 400 };

/** Reads at most `maxBytes` of the body; refuses (without reading further) anything larger. */
export async function readBoundedText(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<BoundedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) return { ok: false, status: 413 };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Stop reading: the rest of the body is never pulled into memory.
        await reader.cancel().catch(() => {});
        return { ok: false, status: 413 };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400 };
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
