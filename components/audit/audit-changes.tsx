// One event's details as a short list: "field: before → after" for changes, secrets only as "changed".
type Details = Record<string, unknown>;

// Why: these keys name secrets; whatever an event holds for them, the page only says they changed.
const SECRET_KEYS = new Set(["clientSecret", "password", "passwordHash", "clientSecretSealed"]);

const show = (value: unknown) =>
  value === "" || value === null || value === undefined
    ? "(empty)"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

export function AuditChanges({ details }: { details: unknown }) {
  const d = (details && typeof details === "object" ? details : {}) as Details;
  const changes = (d.changes && typeof d.changes === "object" ? d.changes : null) as Details | null;
  const rest = Object.entries(d).filter(([key]) => key !== "changes" && key !== "configVersion");
  const items: [string, string][] = [];
  for (const [field, change] of Object.entries(changes ?? {})) {
    if (SECRET_KEYS.has(field) || change === "changed") items.push([field, "changed"]);
    else {
      const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
      items.push([field, `${show(from)} → ${show(to)}`]);
    }
  }
  for (const [key, value] of rest) items.push([key, SECRET_KEYS.has(key) ? "changed" : show(value)]);
  if (items.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {items.map(([field, text]) => (
        <li key={field} className="break-all">
          <span className="font-medium text-slate-700">{field}</span>: {text}
        </li>
      ))}
    </ul>
  );
}
