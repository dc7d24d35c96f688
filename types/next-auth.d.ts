// next-auth's Session, User and JWT as Keyway uses them, declared once instead of cast at each call site.
import type { SignInErrorCode } from "@/lib/auth/sign-in-errors";

declare module "next-auth" {
  /** The session names the Keyway user only (never the IdP's subject). */
  interface Session {
    user: { id: string; email?: string | null; name?: string | null };
  }

  /** The user a provider returns: SSO providers add the verified identity (lib/auth/oidc-provider.ts SsoUser). */
  interface User {
    /** The integration's configured issuer; set for SSO sign-ins, absent for passwords. */
    issuer?: string;
    emailVerified?: boolean | null;
    /** The email claim as the IdP sent it (next-auth lower-cases `email`); the one the sign-in decision reads. */
    emailAsSent?: string | null;
    /** The values of the integration's groups claim (group mappings). */
    groups?: string[];
    refusal?: SignInErrorCode;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Keyway user id. */
    uid: string;
    /** How they signed in: "credentials" or a Registration ID. */
    via?: string;
    /** The server-side Session row this cookie belongs to (lib/auth/sessions.ts). */
    sid?: string;
  }
}
