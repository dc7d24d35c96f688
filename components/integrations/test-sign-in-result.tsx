// The Test sign-in result: claims side by side, which claim became sub/email/name, what email_verified did, and
// the account this identity would sign in as — or the named failure with the Check connection hint.
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { MappedClaim, TestSignInResult } from "@/lib/integrations/test-sign-in/types";

function ClaimsTable({ title, claims }: { title: string; claims: Record<string, string> | null }) {
  return (
    <div className="min-w-0 flex-1">
      <h3 className="mb-2 font-medium text-slate-900">{title}</h3>
      {claims ? (
        <dl
          aria-label={title}
          className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md border border-slate-200 p-3 font-mono text-xs"
        >
          {Object.entries(claims).map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-slate-600">{key}</dt>
              <dd className="min-w-0 break-all">{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-slate-600">None received.</p>
      )}
    </div>
  );
}

function Mapped({ label, claim }: { label: string; claim: MappedClaim }) {
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd data-testid={`mapped-${label}`}>
        {claim.value ?? <span className="text-slate-500">none</span>}
        {claim.claim ? (
          <span className="text-xs text-slate-500">
            {" "}
            — from {claim.from} claim “{claim.claim}”
          </span>
        ) : null}
      </dd>
    </>
  );
}

export function TestSignInResultView({ result }: { result: TestSignInResult }) {
  const { failure, decision } = result;
  return (
    <div className="flex flex-col gap-5">
      {failure ? (
        <Alert tone="error" title={`Test sign-in failed: ${failure.code}`}>
          <p>{failure.message}</p>
          {failure.detail ? <p className="mt-1 text-xs">What the library reported: {failure.detail}</p> : null}
          {failure.hint ? (
            <p className="mt-1">
              <span className="font-medium">
                How to fix{failure.check ? ` (see Check connection, ${failure.check})` : ""}:
              </span>{" "}
              {failure.hint}
            </p>
          ) : null}
        </Alert>
      ) : decision?.kind === "would-sign-in" ? (
        <Alert tone="success" title="This identity would sign in">
          It would sign in as <strong data-testid="would-sign-in-as">{decision.email}</strong>
          {decision.linkedNow ? " (linked to that account by email on first sign-in)." : " (already linked)."}
        </Alert>
      ) : decision ? (
        <Alert tone="warning" title={`A real sign-in would be refused: ${decision.code}`}>
          The person would see: “{decision.message}”
        </Alert>
      ) : null}
      {result.mapped ? (
        <Card title="What Keyway used">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
            <Mapped label="sub" claim={result.mapped.sub} />
            <Mapped label="email" claim={result.mapped.email} />
            <Mapped label="name" claim={result.mapped.name} />
            {result.claimRules ? (
              <>
                <dt className="text-slate-600">groups</dt>
                <dd data-testid="mapped-groups">
                  {result.claimRules.groupsOverage ? (
                    <Badge tone="amber">left out by the IdP (overage)</Badge>
                  ) : result.claimRules.groups.length ? (
                    result.claimRules.groups.slice(0, 50).join(", ")
                  ) : (
                    <span className="text-slate-500">none</span>
                  )}
                  <span className="text-xs text-slate-500"> — from claim “{result.claimRules.groupsClaim}”</span>
                </dd>
                <dt className="text-slate-600">Sign-in requires</dt>
                <dd data-testid="requirement">
                  {result.claimRules.requirement ? (
                    <>
                      <Badge tone={result.claimRules.requirement.met ? "green" : "amber"}>
                        {result.claimRules.requirement.met ? "met" : "not met"}
                      </Badge>{" "}
                      {result.claimRules.requirement.text}
                    </>
                  ) : (
                    <span className="text-slate-500">no requirement set</span>
                  )}
                </dd>
              </>
            ) : null}
            {result.emailVerified ? (
              <>
                <dt className="text-slate-600">email_verified</dt>
                <dd data-testid="email-verified">
                  <Badge tone={result.emailVerified.value === false ? "amber" : "gray"}>
                    {String(result.emailVerified.value ?? "not sent")}
                  </Badge>{" "}
                  {result.emailVerified.explanation}
                </dd>
              </>
            ) : null}
          </dl>
        </Card>
      ) : null}
      {result.idTokenClaims || result.userinfoClaims ? (
        <Card title="Claims received">
          <div className="flex flex-col gap-4 md:flex-row">
            <ClaimsTable title="id_token claims (verified)" claims={result.idTokenClaims} />
            <ClaimsTable title="userinfo claims" claims={result.userinfoClaims} />
          </div>
          <p className="mt-3 text-xs text-slate-500">
            Tokens are never stored or shown; no session was created and no link changed.
          </p>
        </Card>
      ) : null}
    </div>
  );
}
