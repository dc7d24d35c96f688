// Puts a failed action's field errors under their fields (focusing the first) and returns the text, if any, that
// belongs in the form's alert: the general error plus field errors no field of this form can show.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/authz/action-result";

export function showActionFailure<T extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
): string | null {
  const other: string[] = [];
  let focused = false;
  for (const [key, message] of Object.entries(result.fieldErrors ?? {})) {
    const field = fields.find((f) => f === key.split(".")[0]);
    if (!field) {
      other.push(message);
      continue;
    }
    setError(field, { type: "server", message }, { shouldFocus: !focused });
    focused = true;
  }
  return !focused || other.length > 0 ? [result.error, ...other].join(" ") : null;
}
