"use client";
// Create token: name, the authorities it carries (only ones you hold), and its expiry. The same zod schema checks
// the fields here and in the server action. The token is then shown once, with a copy button, and never again.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { showActionFailure } from "@/components/forms/show-action-failure";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  type CreateApiTokenInput,
  type CreateApiTokenValues,
  createApiTokenSchema,
  DEFAULT_TOKEN_LIFETIME_DAYS,
  EXPIRY_CHOICES,
} from "@/lib/api-tokens/schema";
import type { ActionResult } from "@/lib/authz/action-result";
import { AUTHORITIES, AUTHORITY_LABELS, type Authority } from "@/lib/authz/authorities";

type Created = { token: string; prefix: string; expiresAt: string };
type Props = { action: (input: unknown) => Promise<ActionResult<Created>>; grantable: readonly Authority[] };

const FIELDS = ["name", "authorities", "expiresIn", "expiresOn"] as const;
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function CreateTokenForm({ action, grantable }: Props) {
  const [created, setCreated] = useState<Created | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<
    CreateApiTokenInput,
    unknown,
    CreateApiTokenValues
  >({
    resolver: zodResolver(createApiTokenSchema),
    defaultValues: { name: "", authorities: [], expiresIn: `${DEFAULT_TOKEN_LIFETIME_DAYS}d`, expiresOn: "" },
  });
  const { errors, isSubmitting } = formState;
  const expiresIn = useWatch({ control, name: "expiresIn" });

  async function onSubmit(values: CreateApiTokenValues) {
    setAlert(null);
    let result: ActionResult<Created>;
    try {
      result = await action(values);
    } catch {
      setAlert("Could not reach Keyway. Check your connection and try again.");
      return;
    }
    if (!result.ok) {
      const text = showActionFailure(result, FIELDS, setError);
      if (text) setAlert(text);
      return;
    }
    setCreated(result.data);
  }

  if (created) return <CreatedToken created={created} />;

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} className="flex max-w-xl flex-col gap-5">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <Field id="token-name" label="Name" required help="What uses it, e.g. ci-pipeline." error={errors.name?.message}>
        <Input
          {...fieldControlProps("token-name", errors.name?.message)}
          {...register("name")}
          autoComplete="off"
          required
        />
      </Field>
      <fieldset
        aria-labelledby="token-authorities-legend"
        aria-describedby="token-authorities-help"
        className="flex flex-col gap-2"
      >
        <legend id="token-authorities-legend" className="mb-1 font-medium text-slate-900">
          Authorities
        </legend>
        <p id="token-authorities-help" className="-mt-1 text-xs text-slate-600">
          Only authorities you hold can be chosen. The token also loses any you lose later.
        </p>
        {AUTHORITIES.map((authority) => (
          <Checkbox
            key={authority}
            id={`token-authority-${authority}`}
            label={AUTHORITY_LABELS[authority]}
            description={authority}
            value={authority}
            {...register("authorities")}
            disabled={!grantable.includes(authority)}
          />
        ))}
        {errors.authorities?.message ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {errors.authorities.message}
          </p>
        ) : null}
      </fieldset>
      <Field id="token-expires" label="Expires" help="At most 1 year." error={errors.expiresIn?.message}>
        <Select {...fieldControlProps("token-expires", errors.expiresIn?.message)} {...register("expiresIn")}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
      </Field>
      {expiresIn === "date" ? (
        <Field
          id="token-expires-on"
          label="Expiry date"
          help="The token stops working at the start of this day (UTC)."
          error={errors.expiresOn?.message}
        >
          <Input
            {...fieldControlProps("token-expires-on", errors.expiresOn?.message)}
            {...register("expiresOn")}
            type="date"
          />
        </Field>
      ) : null}
      <div>
        <Button type="submit" pending={isSubmitting}>
          Create token
        </Button>
      </div>
    </form>
  );
}

function CreatedToken({ created }: { created: Created }) {
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <Alert tone="success" title="Token created">
        Copy it now: Keyway shows it only once. It works until {dateFormat.format(new Date(created.expiresAt))} UTC or
        until you revoke it.
      </Alert>
      <div className="flex flex-col gap-1.5">
        <label htmlFor="new-token" className="font-medium text-slate-900">
          Your new token
        </label>
        <div className="flex items-center gap-2">
          <Input
            id="new-token"
            value={created.token}
            readOnly
            spellCheck={false}
            className="font-mono"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={created.token} label="Copy token" />
        </div>
        <p className="text-xs text-slate-600">
          Use it as <code>Authorization: Bearer {created.prefix}…</code>. Keyway keeps only a hash of it.
        </p>
      </div>
      <div>
        <Link href="/settings/api-tokens" className={buttonClasses("secondary")}>
          Done
        </Link>
      </div>
    </div>
  );
}
