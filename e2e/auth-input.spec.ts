// next-auth's endpoints answer input it cannot use with a 4xx, never a server error: found by the fuzzer
// (app/fuzz.db.test.ts), proven here through HTTP against the production build.
import { expect, test } from "@playwright/test";

const UNUSABLE_CALLBACK_URLS = ["not-a-url", "\u{1D56C}", "javascript:alert(1)", "ftp://example.test/"];
const REFUSAL = { error: "callbackUrl must be an http(s) URL or a path starting with /." };

test("a callbackUrl next-auth cannot use is refused with 400, whether in the query or the cookie", async ({
  request,
}) => {
  const statuses: Record<string, number> = {};
  for (const callbackUrl of UNUSABLE_CALLBACK_URLS) {
    const query = new URLSearchParams({ callbackUrl });
    for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin"]) {
      const res = await request.get(`${path}?${query}`, { maxRedirects: 0 });
      statuses[`GET ${path}?${query}`] = res.status();
      if (res.status() === 400) expect(await res.json()).toEqual(REFUSAL);
    }
    const post = await request.post(`/api/auth/callback/credentials?${query}`, {
      form: { email: "nobody@example.test", password: "x" },
      maxRedirects: 0,
    });
    statuses[`POST /api/auth/callback/credentials?${query}`] = post.status();
  }
  expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((key) => [key, 400])));

  // The cookie next-auth keeps the callback URL in: a bad one is refused and cleared, so the browser recovers.
  const res = await request.get("/api/auth/session", {
    headers: { cookie: "next-auth.callback-url=not-a-url" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(400);
  expect(res.headers()["set-cookie"]).toMatch(/next-auth\.callback-url=;.*Max-Age=0/i);
  // Usable ones still work.
  const fine = await request.get(`/api/auth/csrf?${new URLSearchParams({ callbackUrl: "/settings/users" })}`);
  expect(fine.status()).toBe(200);
});

test("the credentials callback by GET is refused with 405, not a server error", async ({ request }) => {
  const res = await request.get("/api/auth/callback/credentials", { maxRedirects: 0 });
  expect(res.status()).toBe(405);
  expect(res.headers()["allow"]).toBe("POST");
});

test("next-auth's error page with an error that is not a code: 400, not a server error", async ({ request }) => {
  // next-auth copies `error` into its redirect's Location header as is; a character past Latin-1 threw (500).
  for (const error of ["a\u2066b", "\u{1D56C}", "x".repeat(200)]) {
    const res = await request.get(`/api/auth/error?${new URLSearchParams({ error })}`, { maxRedirects: 0 });
    expect(res.status(), error).toBe(400);
    expect(await res.json()).toEqual({ error: "error must be a sign-in error code." });
  }
  const fine = await request.get("/api/auth/error?error=AccessDenied", { maxRedirects: 0 });
  expect(fine.status()).toBe(302);
  expect(fine.headers()["location"]).toMatch(/\/error\?error=AccessDenied$/);
});
