// One way to put request-derived text into a log line (issue 6, finding 7): control characters (CR/LF above all)
// become spaces, so nobody can end a line early and forge the next one; long values are cut. Client-safe.
const MAX_CHARS = 2000;

export function logText(value: unknown): string {
  const text = value instanceof Error ? (value.stack ?? value.message) : String(value);
  // Why: a newline in an attacker-chosen value (a URL, a claim, an error message quoting either) splits the line.

  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  return flat.length > MAX_CHARS ? `${flat.slice(0, MAX_CHARS)}…` : flat;
}

/** A tagged template that passes every interpolated value through logText. */
export function logLine(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((line, part, i) => line + part + (i < values.length ? logText(values[i]) : ""), "");
}
