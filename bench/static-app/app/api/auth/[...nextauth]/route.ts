// A hand-written static next-auth v4 configuration: the one OIDC provider written out at build time, the way
// next-auth's docs show it (openid-client does the callback checks and fetches the JWKS).
import NextAuth from "next-auth";

const issuer = process.env.BENCH_IDP_URL ?? "http://127.0.0.1:3651";

const handler = NextAuth({
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt" },
  providers: [
    {
      id: "idp",
      name: "Test IdP",
      type: "oauth",
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      clientId: process.env.BENCH_CLIENT_ID,
      clientSecret: process.env.BENCH_CLIENT_SECRET,
      issuer,
      authorization: { url: `${issuer}/auth`, params: { scope: "openid email profile" } },
      token: `${issuer}/token`,
      userinfo: `${issuer}/me`,
      jwks_endpoint: `${issuer}/jwks`,
      client: { token_endpoint_auth_method: "client_secret_post" },
      profile: (claims) => ({ id: claims.sub, email: claims.email, name: claims.name }),
    },
  ],
});

export { handler as GET, handler as POST };
