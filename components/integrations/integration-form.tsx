"use client";
// Add Integration: pick the provider, then fill in the Custom SSO fields. Validated with the same zod schema
// the server action parses with; server field errors land under their fields.
import { showActionFailure } from "@/components/forms/show-action-failure";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { RadioGroup } from "@/components/ui/radio-group";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/authz/action-result";
import {
  CLIENT_AUTH_METHOD_LABELS,
  CLIENT_AUTH_METHODS,
  INTEGRATION_DEFAULTS,
  type IntegrationFormInput,
  type IntegrationFormValues,
  integrationSchema,
  PROVIDERS,
} from "@/lib/integrations/schema";
import { INTEGRATION_FIELD_HELP as HELP } from "./field-help";
import { redirectUriFor } from "@/lib/config";
import { RedirectUri } from "./redirect-uri";

const OPTIONAL = new Set<string>(["issuer", "emailDomains"]);
const FORM_FIELDS = Object.keys(INTEGRATION_DEFAULTS) as FieldPath<IntegrationFormInput>[];

type TextField = {
  name: Exclude<FieldPath<IntegrationFormInput>, "provider" | "clientAuthMethod" | "trustEmailAddresses" | "showOnSignInScreen">;
  label: string;
  type?: string;
  placeholder?: string;
};

const ENDPOINT_FIELDS: TextField[] = [
  { name: "authorizationUrl", label: "Authorization URL", type: "url", placeholder: "https://idp.example.com/oauth2/authorize" },
  { name: "jwksUri", label: "JWK Set URI", type: "url", placeholder: "https://idp.example.com/oauth2/jwks" },
  { name: "tokenUri", label: "Token URI", type: "url", placeholder: "https://idp.example.com/oauth2/token" },
  { name: "userInfoUri", label: "User Info URI", type: "url", placeholder: "https://idp.example.com/oauth2/userinfo" },
  { name: "issuer", label: "Issuer", type: "url", placeholder: "https://idp.example.com (optional)" },
];

export type CreateIntegrationAction = (input: IntegrationFormValues) => Promise<ActionResult<{ registrationId: string }>>;

type Props = { publicUrl: string; allowInsecureUrls: boolean; action: CreateIntegrationAction };

export function IntegrationForm({ publicUrl, allowInsecureUrls, action }: Props) {
  const router = useRouter();
  const schema = useMemo(() => integrationSchema({ allowInsecureUrls }), [allowInsecureUrls]);
  const [provider, setProvider] = useState("");
  const [serverError, setServerError] = useState<string>();
  const form = useForm<IntegrationFormInput, unknown, IntegrationFormValues>({
    resolver: zodResolver(schema),
    defaultValues: INTEGRATION_DEFAULTS,
    mode: "onTouched",
  });
  const { register, handleSubmit, formState, setError, watch } = form;
  const errors = formState.errors;
  const registrationId = watch("registrationId");

  const onSubmit = handleSubmit(async (values) => {
    setServerError(undefined);
    const result = await action(values);
    if (result.ok) {
      router.push(`/settings/oauth-integrations/${result.data.registrationId}?created=1`);
      router.refresh();
      return;
    }
    setServerError(showActionFailure(result, FORM_FIELDS, setError) ?? undefined);
  });

  const text = ({ name, label, type = "text", placeholder }: TextField, extra: Record<string, unknown> = {}) => (
    <Field key={name} id={name} label={label} help={HELP[name]} error={errors[name]?.message} required={!OPTIONAL.has(name)}>
      <Input type={type} placeholder={placeholder} spellCheck={false} {...fieldControlProps(name, errors[name]?.message)} {...extra} {...register(name)} />
    </Field>
  );

  return (
    <div className="flex flex-col gap-6">
      <Field id="provider" label="Provider" help="The kind of identity provider. Custom SSO works with any OpenID Connect provider.">
        <Select {...fieldControlProps("provider")} value={provider} onChange={(e) => setProvider(e.target.value)}>
          <option value="">Choose a provider…</option>
          {Object.entries(PROVIDERS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <RedirectUri uri={redirectUriFor(registrationId, publicUrl)} />
      {provider === "custom-sso" ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label="Custom SSO integration">
          {serverError ? <Alert tone="error">{serverError}</Alert> : null}
          {text({ name: "registrationId", label: "Registration ID", placeholder: "acme-sso" }, { autoComplete: "off" })}
          {text({ name: "clientId", label: "Client ID" }, { autoComplete: "off" })}
          {text({ name: "clientSecret", label: "Client Secret", type: "password" }, { autoComplete: "new-password" })}
          {ENDPOINT_FIELDS.map((f) => text(f))}
          <RadioGroup
            legend="Client Authentication Method"
            name="clientAuthMethod"
            help={HELP.clientAuthMethod}
            error={errors.clientAuthMethod?.message}
            options={CLIENT_AUTH_METHODS.map((value) => ({
              value,
              label: CLIENT_AUTH_METHOD_LABELS[value],
              description:
                value === "client_secret_post"
                  ? "Recommended: the secret travels in the request body (client_secret_post)."
                  : "The secret travels in an HTTP Basic Authorization header (client_secret_basic).",
            }))}
            inputProps={() => register("clientAuthMethod")}
          />
          {text({ name: "loginButtonText", label: "Login Button Text", placeholder: "Sign in with Acme" })}
          <Checkbox label="Show on sign-in screen" description={HELP.showOnSignInScreen} {...register("showOnSignInScreen")} />
          {text({ name: "emailDomains", label: "Email domains", placeholder: "acme.com, acme.co.uk (optional)" }, { autoComplete: "off" })}
          <Checkbox label="Trust email addresses from this IdP" description={HELP.trustEmailAddresses} {...register("trustEmailAddresses")} />
          <div className="flex gap-2 border-t border-slate-200 pt-5">
            <Button type="submit" pending={formState.isSubmitting}>
              Create
            </Button>
            <Button type="button" variant="ghost" onClick={() => router.push("/settings/oauth-integrations")}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
