"use client";
// Edit → Next client secret: the IdP's new secret, kept beside the current one during a rotation (sign-ins fall back
// to it when the IdP refuses the current one); or, when one is set, a box to remove it.
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Values = { nextClientSecret?: string; removeNextClientSecret?: boolean };

export function NextSecretFields<T extends Values>({
  register,
  errors,
  hasNextSecret,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  hasNextSecret: boolean;
}) {
  const reg = register as unknown as UseFormRegister<Values>;
  const error = (errors as FieldErrors<Values>).nextClientSecret?.message;
  return (
    <>
      <Field
        id="nextClientSecret"
        label="Next client secret"
        help={
          hasNextSecret
            ? "A next secret is set. Type another to replace it, or leave empty to keep it."
            : "Optional, for a rotation: the secret your IdP issued next. Keyway keeps using the current secret and falls back to this one when the IdP refuses the current one; promote it once the IdP uses it."
        }
        error={error}
      >
        <Input
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          {...fieldControlProps("nextClientSecret", error)}
          {...reg("nextClientSecret")}
        />
      </Field>
      {hasNextSecret ? (
        <Checkbox
          label="Remove the next client secret"
          description="Ends the rotation: only the current secret is used."
          {...reg("removeNextClientSecret")}
        />
      ) : null}
    </>
  );
}
