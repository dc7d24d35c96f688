const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A moment in UTC as a `<time>` element; `empty` stands in for no value. */
export function DateTimeText({ value, empty = "Never" }: { value: Date | null; empty?: string }) {
  if (!value) return <span className="text-slate-500">{empty}</span>;
  return <time dateTime={value.toISOString()}>{dateTime.format(value)} UTC</time>;
}
