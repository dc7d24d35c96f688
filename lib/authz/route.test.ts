import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import type { CurrentUser } from "./current-user";
import { authorizedJsonWrite } from "./route";

const admin: CurrentUser = { id: "u1", email: "a@example.com", name: "A", role: "ADMIN", authorities: ["USER_WRITE"] };
const schema = z.object({ name: z.string() });

/** A body that counts how many bytes were pulled from it: `pulled` shows whether the server read it at all. */
function streamedRequest(totalBytes: number, headers: Record<string, string> = {}) {
  const state = { pulled: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(120);
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= totalBytes) return controller.close();
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when someone reads
  const request = new Request("http://127.0.0.1/api/v1/users", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);
  return { request, state };
}

describe("authorizedJsonWrite bounds the body before buffering it", () => {
  it("a signed-out sender is refused (401) before any body byte is read", async () => {
    const { request, state } = streamedRequest(200 * 1024 * 1024);
    const response = await authorizedJsonWrite(request, {
      authority: "USER_WRITE",
      schema,
      handler: async () => ({}),
      loadUser: async () => null,
    });
    assert.equal(response.status, 401);
    assert.equal(state.pulled, 0);
  });

  it("a signed-in user without the authority is refused (403) before the body is read", async () => {
    const { request, state } = streamedRequest(1024);
    const guest = { ...admin, role: "GUEST", authorities: [] };
    const response = await authorizedJsonWrite(request, {
      authority: "USER_WRITE",
      schema,
      handler: async () => ({}),
      loadUser: async () => guest,
    });
    assert.equal(response.status, 403);
    assert.equal(state.pulled, 0);
  });

  it("a declared Content-Length over the limit is refused without reading", async () => {
    const { request, state } = streamedRequest(200 * 1024 * 1024, { "content-length": String(200 * 1024 * 1024) });
    const response = await authorizedJsonWrite(request, {
      authority: "USER_WRITE",
      schema,
      handler: async () => ({}),
      loadUser: async () => admin,
    });
    assert.equal(response.status, 413);
    assert.equal(state.pulled, 0);
  });

  it("an undeclared (chunked) body is cut off by the streaming limit, not read to the end", async () => {
    const { request, state } = streamedRequest(200 * 1024 * 1024);
    const response = await authorizedJsonWrite(request, {
      authority: "USER_WRITE",
      schema,
      handler: async () => ({}),
      loadUser: async () => admin,
    });
    assert.equal(response.status, 413);
    assert.ok(state.pulled <= 256 * 1024, `pulled ${state.pulled} bytes`);
  });

  it("a small valid body reaches the handler", async () => {
    const request = new Request("http://x/", {
      method: "POST",
      body: '{"name":"n"}',
      headers: { "content-type": "application/json" },
    });
    const response = await authorizedJsonWrite(request, {
      authority: "USER_WRITE",
      schema,
      handler: async (input) => input,
      loadUser: async () => admin,
    });
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), { name: "n" });
  });
});
