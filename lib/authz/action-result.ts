// What every write answers: data, or a failure a form can show (client-safe type, no I/O).
import type { FieldErrors } from "@/lib/errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      status: number;
      code: string;
      error: string;
      fieldErrors?: FieldErrors;
      reference?: string;
      retryAfter?: number;
    };
