// Authorization as data: every authority Keyway knows, and which roles grant which. Client-safe (no I/O).
export const AUTHORITIES = [
  "OAUTH_INTEGRATION_READ",
  "OAUTH_INTEGRATION_WRITE",
  "USER_READ",
  "USER_WRITE",
  "AUDIT_READ",
] as const;
export type Authority = (typeof AUTHORITIES)[number];

export const ROLES = ["ADMIN", "GUEST"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_AUTHORITIES: Record<Role, readonly Authority[]> = {
  ADMIN: AUTHORITIES,
  GUEST: [],
};

export const AUTHORITY_LABELS: Record<Authority, string> = {
  OAUTH_INTEGRATION_READ: "View OAuth integrations",
  OAUTH_INTEGRATION_WRITE: "Manage OAuth integrations",
  USER_READ: "View users",
  USER_WRITE: "Manage users",
  AUDIT_READ: "View audit log",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isAuthority(value: string): value is Authority {
  return (AUTHORITIES as readonly string[]).includes(value);
}

/** The effective authorities of a user: their role's plus their extras; unknown names are ignored. */
export function effectiveAuthorities(role: string, extras: readonly string[]): Authority[] {
  const fromRole = isRole(role) ? ROLE_AUTHORITIES[role] : [];
  return AUTHORITIES.filter((a) => fromRole.includes(a) || extras.includes(a));
}
