"use client";
// The Check connection button and its results. `check` runs the checks on the server (a server action bound to
// a saved integration, or one given the form's current values); nothing secret comes back.
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";
import type { ConnectionCheckInput } from "@/lib/integrations/checks/schema";
import type { CheckResult } from "@/lib/integrations/checks/types";
import { CheckResults, summaryOf } from "./check-results";

type CheckRun = () => Promise<ActionResult<CheckResult[]>>;

export function ConnectionCheck({ check }: { check: CheckRun }) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ActionResult<CheckResult[]> | null>(null);
  const onClick = async () => {
    setPending(true);
    setOutcome(null);
    try {
      setOutcome(await check());
    } finally {
      setPending(false);
    }
  };
  const failure =
    outcome && !outcome.ok ? [outcome.error, ...Object.values(outcome.fieldErrors ?? {})].join(" ") : null;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <Button type="button" variant="secondary" pending={pending} onClick={onClick}>
          Check connection
        </Button>
        <p className="text-xs text-slate-600" aria-live="polite">
          {pending
            ? "Checking… (at most 15 s)"
            : outcome?.ok
              ? summaryOf(outcome.data)
              : "Runs seven checks against the IdP without signing anyone in."}
        </p>
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {outcome?.ok ? <CheckResults results={outcome.data} /> : null}
    </div>
  );
}

export type CheckValuesAction = (values: ConnectionCheckInput) => Promise<ActionResult<CheckResult[]>>;

/** For the Add and Edit forms: checks the form's current (unsaved) values. */
export function FormConnectionCheck({
  action,
  values,
}: {
  action: CheckValuesAction;
  values: () => ConnectionCheckInput;
}) {
  return <ConnectionCheck check={() => action(values())} />;
}
