// The list of Check connection results: name, status word, what was seen, how to fix it.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CheckResult, CheckStatus } from "@/lib/integrations/checks/types";

const STATUS: Record<CheckStatus, { word: string; tone: BadgeTone }> = {
  pass: { word: "Pass", tone: "green" },
  warning: { word: "Warning", tone: "amber" },
  fail: { word: "Fail", tone: "red" },
};

export function summaryOf(results: CheckResult[]): string {
  const failed = results.filter((r) => r.status === "fail").length;
  const warned = results.filter((r) => r.status === "warning").length;
  if (failed === 0 && warned === 0) return `All ${results.length} checks passed.`;
  return (
    [failed && `${failed} of ${results.length} checks failed`, warned && `${warned} warning${warned > 1 ? "s" : ""}`]
      .filter(Boolean)
      .join(", ") + "."
  );
}

export function CheckResults({ results }: { results: CheckResult[] }) {
  return (
    <ul
      aria-label="Connection check results"
      className="flex flex-col divide-y divide-slate-200 rounded-lg border border-slate-200"
    >
      {results.map((r) => (
        <li key={r.id} className="flex flex-col gap-1 px-3.5 py-3" data-status={r.status}>
          <div className="flex items-center gap-2">
            <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].word}</Badge>
            <span className="font-medium text-slate-900">{r.name}</span>
          </div>
          <p className="text-sm break-words text-slate-700">{r.seen}</p>
          {r.fix && r.status !== "pass" ? (
            <p className="text-sm break-words text-slate-900">
              <span className="font-medium">How to fix: </span>
              {r.fix}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
