// The typed list of audit actions and target kinds (client-safe: the Audit Log's filters read it too).

/** What a target id is, per kind: one rule, so one id finds all of a thing's events, whoever caused them. */
export const AUDIT_TARGET_KINDS = {
  user: "the user's id",
  // The Registration ID, not the row id: sign-ins and refusals know only it (also for a deleted or unknown one).
  integration: "the integration's Registration ID",
  sign_in_policy: "none (there is one policy)",
  config: "none (the whole sign-in configuration: integrations and the sign-in policy)",
} as const;
export type AuditTargetKind = keyof typeof AUDIT_TARGET_KINDS;

/** Every recorded action and the kind of thing it targets (some are written by other issues' code). */
export const AUDIT_ACTIONS = {
  "user.create": "user",
  "user.update": "user",
  "user.disable": "user",
  "user.anonymise": "user",
  "user.enable": "user",
  "user.set_password": "user",
  "user.sign_out_everywhere": "user",
  "user.sso_link_self": "user",
  "user.sso_link_remove": "user",
  // What an integration's group mappings gave or took at a sign-in (details: registrationId, added, removed, groups).
  "user.mapped_authorities": "user",
  "auth.password_sign_in": "user",
  "auth.password_sign_in_failed": "user",
  "auth.break_glass_sign_in": "user",
  "sign_in_policy.update": "sign_in_policy",
  "auth.sso_sign_in": "integration",
  "auth.sso_refused": "integration",
  // Logout that reaches Keyway from the IdP (back-channel): the integration it came through is the target.
  "session.backchannel_logout": "integration",
  "integration.create": "integration",
  "integration.update": "integration",
  "integration.disable": "integration",
  "integration.enable": "integration",
  "integration.delete": "integration",
  "integration.test_sign_in": "integration",
  // Secret rotation, staged rollout and the drift watch (lib/integrations/rotation, rollout, drift).
  "integration.secret_promote": "integration",
  // private_key_jwt keys (lib/integrations/client-keys): generated, next added, promoted, previous removed.
  "integration.client_key_generate": "integration",
  "integration.client_key_add_next": "integration",
  "integration.client_key_promote": "integration",
  "integration.client_key_remove_previous": "integration",
  "integration.draft_save": "integration",
  "integration.draft_discard": "integration",
  "integration.draft_promote": "integration",
  "integration.draft_sign_in": "integration",
  "integration.rollback": "integration",
  "integration.drift_detected": "integration",
  "integration.drift_resolved": "integration",
  "integration.drift_accepted": "integration",
  "integration.reseal_secret": "integration",
  "integration.group_mappings": "integration",
  // An API token's owner is its target: the token's id and name are in the details, never the token.
  "api_token.create": "user",
  "api_token.revoke": "user",
  "config.apply": "config",
  // SCIM provisioning: switching it on/off and its token concern the integration; provisioned people are the target
  // of their own events (a deprovisioning receipt is "scim.deprovision" with its timings and counts in the details).
  "scim.enable": "integration",
  "scim.rotate_token": "integration",
  "scim.disable": "integration",
  "scim.settings": "integration",
  "scim.token_refused": "integration",
  "scim.user_create": "user",
  "scim.user_update": "user",
  "scim.deprovision": "user",
  "scim.reactivate": "user",
  "scim.reprovision": "user",
  "scim.group_change": "integration",
} as const satisfies Record<string, AuditTargetKind>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
