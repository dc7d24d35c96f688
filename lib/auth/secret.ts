// The key that signs and encrypts session cookies: NEXTAUTH_SECRET, or a generated one in development.
import { isProduction } from "@/lib/config";
import { devSecret } from "@/lib/crypto/dev-secret";

export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (isProduction()) throw new Error("NEXTAUTH_SECRET is required in production.");
  return devSecret("nextauth.secret");
}
