// Text that people see (names, sign-in button texts) must display as what it is: no control characters (NUL,
// escapes, newlines), no bidirectional overrides, which can make "elgooG htiw ni ngiS" render as a trusted name, and
// no invisible format characters (zero-width space, soft hyphen, word joiner…), which make two texts that look the
// same differ. Client-safe: used by forms and server alike.
import { z } from "zod";

// Controls (Cc), every format character (Cf: bidi controls, zero-width characters, soft hyphen, BOM, tags…) and
// the line/paragraph separators.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
// The one exception: zero-width (non-)joiners that writing needs — inside emoji sequences (👩‍💻) and between
// letters of scripts that use them (Persian می‌خواهم, Indic conjuncts). Never between Latin, Greek or Cyrillic
// letters, where they only hide a difference.
const JOINABLE = String.raw`(?:[\p{Extended_Pictographic}\uFE0F]|(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}])`;
const JOINER_IN_WORD = new RegExp(`(?<=${JOINABLE})[\u200c\u200d](?=${JOINABLE})`, "gu");

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value.replace(JOINER_IN_WORD, ""));
}

export const unsafeTextMessage = (label: string) =>
  `${label} must not contain control, text-direction or invisible formatting characters.`;

/** A trimmed string of `min`–`max` characters with no control or bidi characters. */
export function safeText(label: string, min: number, max: number, messages: { empty?: string; long?: string } = {}) {
  return z
    .string()
    .trim()
    .min(min, messages.empty ?? `Enter the ${label}.`)
    .max(max, messages.long ?? `${label} is at most ${max} characters.`)
    .refine((value) => !hasUnsafeCharacters(value), {
      message: unsafeTextMessage(label),
    });
}

/** UTF-8 length: bcrypt reads at most 72 bytes, so longer passwords are refused rather than silently cut. */
export const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;
export const BCRYPT_MAX_BYTES = 72;
