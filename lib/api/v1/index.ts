// Every /api/v1 operation, in the order the OpenAPI document lists them. A route file without an entry here fails
// lib/api/openapi.test.ts.
import type { Operation } from "@/lib/api/operation";
import * as config from "./config";
import * as meta from "./meta";
import * as integrations from "./oauth-integrations";
import * as rollout from "./rollout";
import * as signInPolicy from "./sign-in-policy";
import * as users from "./users";

export const OPERATIONS: readonly Operation[] = [
  integrations.listIntegrations,
  integrations.createIntegration,
  integrations.getIntegration,
  integrations.updateIntegration,
  integrations.deleteIntegration,
  integrations.checkIntegration,
  rollout.getDraft,
  rollout.discardDraft,
  rollout.promoteDraft,
  rollout.rollback,
  rollout.promoteNextSecret,
  integrations.enableScimProvisioning,
  integrations.updateScimProvisioning,
  integrations.disableScimProvisioning,
  users.listUsers,
  users.createUser,
  users.updateUser,
  users.removeUserSsoLink,
  users.anonymiseUser,
  signInPolicy.getSignInPolicy,
  signInPolicy.updateSignInPolicy,
  config.exportConfig,
  config.planConfig,
  config.applyConfig,
  meta.getOpenApiDocument,
] as readonly Operation[];
