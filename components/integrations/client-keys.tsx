// The integration page's Private key JWT keys: the JWKS URL to register at the IdP, and per published key its
// thumbprints (base64url as in the x5t / x5t#S256 headers, and hex as certificate consoles show them), the
// certificate and public key PEM with copy buttons; Add next key, Promote next key, Remove previous key.
import { CopyButton } from "@/components/ui/copy-button";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";
import type { ClientKeyView, KeySlot } from "@/lib/integrations/client-keys/keys";
import { ActionButton } from "./action-button";
import { RedirectUri } from "./redirect-uri";

const SLOT_TITLES: Record<KeySlot, { title: string; note: string }> = {
  current: { title: "Signing key", note: "Signs Keyway's client assertions." },
  next: {
    title: "Next key",
    note: "Published in the JWKS, not signing yet: promote it once the IdP has it (or its certificate is uploaded).",
  },
  previous: { title: "Previous key", note: "Published until removed, for IdPs that still cache it." },
};

type Action = () => Promise<ActionResult<unknown>>;
type Props = {
  jwksUri: string;
  keys: ClientKeyView[];
  /** Bound actions, when the viewer may write. */
  actions?: { addNext: Action; promoteNext: Action; removePrevious: Action };
};

function Value({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="contents">
      <dt className="text-slate-600">{label}</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 break-all font-mono text-xs">
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label}`} />
      </dd>
    </div>
  );
}

function Pem({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <details className="rounded-md border border-slate-200 p-2">
      <summary className="cursor-pointer text-sm text-slate-900">{label}</summary>
      <div className="mt-2 flex flex-col items-start gap-2">
        <pre data-testid={testId} className="max-w-full overflow-x-auto font-mono text-xs">
          {value}
        </pre>
        <CopyButton value={value} label={`Copy ${label}`} />
      </div>
    </details>
  );
}

function KeyCard({ view }: { view: ClientKeyView }) {
  const { title, note } = SLOT_TITLES[view.slot];
  const id = `client-key-${view.slot}`;
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      <h3 id={`${id}-title`} className="font-medium text-slate-900">
        {title}
      </h3>
      <p className="text-xs text-slate-600">
        {note} Added <DateTimeText value={view.addedAt} empty="—" />
        {view.addedByEmail ? ` by ${view.addedByEmail}` : ""}; certificate {view.subject}, valid until{" "}
        <DateTimeText value={view.notAfter} />.
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <Value label={`${title} ID (kid)`} value={view.kid} testId={`${id}-kid`} />
        <Value label={`${title} SHA-1 thumbprint (x5t)`} value={view.x5t} testId={`${id}-x5t`} />
        <Value label={`${title} SHA-1 thumbprint (hex)`} value={view.sha1Hex} testId={`${id}-sha1`} />
        <Value label={`${title} SHA-256 thumbprint (x5t#S256)`} value={view.x5tS256} testId={`${id}-x5t-s256`} />
        <Value label={`${title} SHA-256 thumbprint (hex)`} value={view.sha256Hex} testId={`${id}-sha256`} />
      </dl>
      <Pem label={`${title} certificate (PEM)`} value={view.certificatePem} testId={`${id}-certificate`} />
      <Pem label={`${title} public key (PEM)`} value={view.publicKeyPem} testId={`${id}-public-key`} />
    </section>
  );
}

export function ClientKeys({ jwksUri, keys, actions }: Props) {
  const has = (slot: KeySlot) => keys.some((k) => k.slot === slot);
  return (
    <div className="flex flex-col gap-3">
      <RedirectUri
        uri={jwksUri}
        label="Client JWKS URL"
        testId="client-jwks-uri"
        help="Register it at the IdP as this client's jwks_uri, or upload the signing key's certificate (Microsoft Entra: Certificates & secrets). The private keys never leave Keyway."
      />
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600">No key yet: save the integration to make one.</p>
      ) : null}
      {keys.map((view) => (
        <KeyCard key={view.slot} view={view} />
      ))}
      {actions ? (
        <div className="flex flex-wrap gap-2">
          {!has("next") ? (
            <ActionButton label="Add next key" action={actions.addNext} />
          ) : (
            <ActionButton label="Promote next key" action={actions.promoteNext} />
          )}
          {has("previous") ? (
            <ActionButton label="Remove previous key" action={actions.removePrevious} variant="danger" />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
