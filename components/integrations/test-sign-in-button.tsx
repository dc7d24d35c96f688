// Starts a test sign-in: a plain form POST (the route checks the Origin and the authority), so it works before
// any JavaScript loads and sends the admin's browser on to the IdP.
import { buttonClasses } from "@/components/ui/button";

export function TestSignInButton({
  registrationId,
  label = "Test sign-in",
  draft = false,
}: {
  registrationId: string;
  label?: string;
  /** Test the integration's draft instead of its live configuration. */
  draft?: boolean;
}) {
  return (
    <form method="post" action="/api/integrations/test-sign-in/start">
      <input type="hidden" name="registrationId" value={registrationId} />
      {draft ? <input type="hidden" name="draft" value="1" /> : null}
      <button type="submit" className={buttonClasses("secondary")}>
        {label}
      </button>
    </form>
  );
}
