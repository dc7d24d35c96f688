-- Health comes from SignInAttempt rows and the "SSO works" notice from the links' last sign-in, so these
-- per-integration stamps are neither written nor read any more (a write fewer per sign-in).
ALTER TABLE "Integration" DROP COLUMN "lastSignInAt";
ALTER TABLE "Integration" DROP COLUMN "lastFailureAt";
ALTER TABLE "Integration" DROP COLUMN "lastFailureCode";
