// Text that people see (names, sign-in button texts) must display as what it is: no control characters (NUL,
// escapes, newlines) and no bidirectional overrides, which can make "elgooG htiw ni ngiS" render as a trusted name.
// Client-safe: used by forms and server alike.
import { z } from "zod";

// C0/C1 controls, bidi embeddings/overrides/isolates and marks, line/paragraph separators, byte-order mark.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u;

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/** A trimmed string of `min`–`max` characters with no control or bidi characters. */
export function safeText(label: string, min: number, max: number, messages: { empty?: string; long?: string } = {}) {
  return z
    .string()
    .trim()
    .min(min, messages.empty ?? `Enter the ${label}.`)
    .max(max, messages.long ?? `${label} is at most ${max} characters.`)
    .refine((value) => !hasUnsafeCharacters(value), {
      message: `${label} must not contain control or text-direction characters.`,
    });
}

/** UTF-8 length: bcrypt reads at most 72 bytes, so longer passwords are refused rather than silently cut. */
export const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;
export const BCRYPT_MAX_BYTES = 72;
