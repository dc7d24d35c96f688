// The one-line confirmations an integration's page shows after a write (read from its query string).
import { Alert } from "@/components/ui/alert";

export type Notices = {
  created?: string;
  saved?: string;
  secretPromoted?: string;
  draftSaved?: string;
  draftPromoted?: string;
  rolledBack?: string;
};

export function PageNotices({ notices, loginButtonText }: { notices: Notices; loginButtonText: string }) {
  const { created, saved, secretPromoted, draftSaved, draftPromoted, rolledBack } = notices;
  return (
    <>
      {saved ? (
        <Alert tone="success" title="Changes saved">
          The sign-in screen and sign-ins use the new settings from now on.
        </Alert>
      ) : null}
      {draftSaved ? (
        <Alert tone="success" title="Draft saved">
          The live configuration keeps serving everyone. Try the draft below, then promote it.
        </Alert>
      ) : null}
      {draftPromoted ? (
        <Alert tone="success" title="Draft promoted">
          The draft is live. The sign-in screen and sign-ins use it from now on.
        </Alert>
      ) : null}
      {rolledBack ? (
        <Alert tone="success" title="Rolled back">
          Rolled back to version {rolledBack.slice(0, 10)}: its settings and secret are live again, as a new version.
        </Alert>
      ) : null}
      {secretPromoted ? (
        <Alert tone="success" title="Secret promoted">
          The next secret is now the current secret. The old one is no longer sent.
        </Alert>
      ) : null}
      {created ? (
        <Alert tone="success" title="Integration created">
          The “{loginButtonText}” button is now on the sign-in screen. Register the Redirect URI below at your identity
          provider.
        </Alert>
      ) : null}
    </>
  );
}
