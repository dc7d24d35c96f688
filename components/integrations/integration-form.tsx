"use client";
// Add Integration and Edit: pick the provider (fixed on Edit), then the Custom SSO fields. Validated with the same
// zod schema the server action parses with; server field errors land under their fields, stale saves in the alert.
import { showActionFailure } from "@/components/forms/show-action-failure";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { type FieldPath, type Resolver, useForm, useWatch } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { RadioGroup } from "@/components/ui/radio-group";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/authz/action-result";
import type { DiscoveredConfig } from "@/lib/integrations/discovery";
import {
  CLIENT_AUTH_METHOD_LABELS,
  CLIENT_AUTH_METHODS,
  INTEGRATION_DEFAULTS,
  type IntegrationFormInput,
  type IntegrationFormValues,
  integrationCreateSchema,
  PROVIDERS,
  usesClientSecret,
  type SchemaPolicy,
} from "@/lib/integrations/schema";
import { DiscoveryBox, type FetchConfigurationAction } from "./discovery-box";
import { INTEGRATION_FIELDS as FIELDS } from "@/lib/integrations/fields";
import { INTEGRATION_FIELD_HELP as HELP } from "./field-help";
import { keptSecretRefusal } from "@/lib/integrations/identity-settings";
import { backchannelLogoutUriFor, postLogoutRedirectUri, redirectUriFor } from "@/lib/config";
import { isProviderId, type PresetSettings } from "@/lib/integrations/presets";
import { PresetBox } from "./preset-box";
import { SetupGuide } from "./setup-guide";
import { type CheckValuesAction, FormConnectionCheck } from "./connection-check";
import { RedirectUri } from "./redirect-uri";
import { NextSecretFields } from "./next-secret-fields";
import { integrationEditFormSchema, type IntegrationEditFormValues } from "@/lib/integrations/rotation/schema";

const METHOD_DESCRIPTIONS: Record<(typeof CLIENT_AUTH_METHODS)[number], string> = {
  client_secret_post: "Recommended: the secret travels in the request body (client_secret_post).",
  client_secret_basic: "The secret travels in an HTTP Basic Authorization header (client_secret_basic).",
  private_key_jwt:
    "No secret: Keyway signs a short assertion with a key pair it generates and publishes its public keys and certificate (private_key_jwt).",
};
const OPTIONAL = new Set<string>([
  "issuer",
  "emailDomains",
  "scopes",
  "authorizationParams",
  "emailClaim",
  "nameClaim",
  "groupsClaim",
  "signInRequirement",
  "endSessionUri",
]);
const FORM_FIELDS = Object.keys(INTEGRATION_DEFAULTS) as FieldPath<IntegrationFormInput>[];

type TextField = {
  name: Exclude<
    FieldPath<IntegrationFormInput>,
    | "provider"
    | "clientAuthMethod"
    | "trustEmailAddresses"
    | "showOnSignInScreen"
    | "updateNameOnSignIn"
    | "rpInitiatedLogout"
  >;
  type?: string;
  placeholder?: string;
};

const ENDPOINT_FIELDS: TextField[] = [
  {
    name: "authorizationUrl",
    type: "url",
    placeholder: "https://idp.example.com/oauth2/authorize",
  },
  { name: "jwksUri", type: "url", placeholder: "https://idp.example.com/oauth2/jwks" },
  { name: "tokenUri", type: "url", placeholder: "https://idp.example.com/oauth2/token" },
  { name: "userInfoUri", type: "url", placeholder: "https://idp.example.com/oauth2/userinfo" },
  { name: "issuer", type: "url", placeholder: "https://idp.example.com (optional)" },
  { name: "endSessionUri", type: "url", placeholder: "https://idp.example.com/oauth2/logout (optional)" },
];

export type CreateIntegrationAction = (
  input: IntegrationFormValues,
) => Promise<ActionResult<{ registrationId: string }>>;
export type UpdateIntegrationAction = (
  input: IntegrationEditFormValues,
) => Promise<ActionResult<{ registrationId: string }>>;
export type SaveDraftAction = (
  input: IntegrationEditFormValues & { editingDraft: boolean },
) => Promise<ActionResult<{ registrationId: string }>>;
type FormInput = IntegrationFormInput & {
  version?: number;
  nextClientSecret?: string;
  removeNextClientSecret?: boolean;
};

type Common = {
  publicUrl: string;
  /** The URL policy the server parses with (https rule, KEYWAY_OUTBOUND_ALLOW), so the form refuses the same. */
  policy: SchemaPolicy;
  fetchConfiguration: FetchConfigurationAction;
  checkAction?: CheckValuesAction;
};
type Props = Common &
  (
    | { mode: "create"; action: CreateIntegrationAction }
    | {
        mode: "edit";
        action: UpdateIntegrationAction;
        initial: FormInput & { version: number };
        linkedAccounts: number;
        /** Whether a next client secret (rotation) is set. */
        hasNextSecret?: boolean;
        /** Save as draft (staged rollout); with `draftOnly` the form edits the draft and only saves it. */
        saveDraft?: SaveDraftAction;
        draftOnly?: boolean;
      }
  );

export function IntegrationForm(props: Props) {
  const { publicUrl, policy } = props;
  const editing = props.mode === "edit" ? props : null;
  const router = useRouter();
  const savedTokenUri = editing?.initial.tokenUri;
  const resolver = useMemo(() => {
    // Both schemas share every field; Edit adds the version, the next secret, and lets the secret be empty while the
    // Token URI's origin stays the saved one.
    return zodResolver(
      savedTokenUri !== undefined ? integrationEditFormSchema(policy, savedTokenUri) : integrationCreateSchema(policy),
    ) as Resolver<FormInput, unknown, IntegrationEditFormValues>;
  }, [policy, savedTokenUri]);
  const [provider, setProvider] = useState(editing ? editing.initial.provider : "");
  const [serverError, setServerError] = useState<string>();
  const form = useForm<FormInput, unknown, IntegrationEditFormValues>({
    resolver,
    defaultValues: editing ? editing.initial : INTEGRATION_DEFAULTS,
    mode: "onTouched",
  });
  const { register, handleSubmit, formState, setError, setValue } = form;
  const errors = formState.errors;
  // useWatch (not watch): a subscription React can track, so only what reads these values re-renders.
  const registrationId = useWatch({ control: form.control, name: "registrationId" });
  const issuer = useWatch({ control: form.control, name: "issuer" });
  const issuerChanged = !!editing && (issuer ?? "").trim() !== (editing.initial.issuer ?? "");
  const tokenUri = useWatch({ control: form.control, name: "tokenUri" });
  // The saved secret is sent only to the saved Token URI's origin: a new origin needs the secret typed again.
  const clientAuthMethod = useWatch({ control: form.control, name: "clientAuthMethod" });
  // Private key JWT sends no secret: Keyway signs with a key pair it generates (shown on the integration's page).
  const secretUsed = usesClientSecret(clientAuthMethod ?? "");
  const secretNeeded =
    !!editing && keptSecretRefusal(editing.initial.tokenUri, (tokenUri ?? "").trim(), "", clientAuthMethod) !== null;

  const onSubmit = handleSubmit(async (values) => {
    setServerError(undefined);
    // Narrowed per mode so each action gets the input type it declares (Edit's carries the version).
    const result = props.mode === "edit" ? await props.action(values) : await props.action(values);
    if (result.ok) {
      router.push(
        `/settings/oauth-integrations/${result.data.registrationId}?${props.mode === "edit" ? "saved" : "created"}=1`,
      );
      router.refresh();
      return;
    }
    setServerError(showActionFailure(result, FORM_FIELDS, setError) ?? undefined);
  });

  const onSaveDraft = handleSubmit(async (values) => {
    if (!editing?.saveDraft) return;
    setServerError(undefined);
    const result = await editing.saveDraft({ ...values, editingDraft: !!editing.draftOnly });
    if (result.ok) {
      router.push(`/settings/oauth-integrations/${result.data.registrationId}?draftSaved=1`);
      router.refresh();
      return;
    }
    setServerError(showActionFailure(result, FORM_FIELDS, setError) ?? undefined);
  });

  const fill = (config: DiscoveredConfig) => {
    const options = { shouldDirty: true, shouldValidate: true } as const;
    for (const key of [
      "authorizationUrl",
      "tokenUri",
      "userInfoUri",
      "jwksUri",
      "issuer",
      "clientAuthMethod",
    ] as const) {
      setValue(key, config[key], options);
    }
    // Logout reaches the IdP by default when its discovery document offers an end_session_endpoint.
    setValue("endSessionUri", config.endSessionUri, options);
    setValue("rpInitiatedLogout", !!config.endSessionUri, options);
  };

  // A preset fills the endpoints from discovery, then its own settings (scopes, claims, requirement, domains).
  const fillFromPreset = (config: DiscoveredConfig, settings: PresetSettings) => {
    fill(config);
    const options = { shouldDirty: true, shouldValidate: true } as const;
    for (const [key, value] of Object.entries(settings) as [keyof PresetSettings, string | boolean][])
      setValue(key, value as never, options);
  };
  const scopes = useWatch({ control: form.control, name: "scopes" });
  const guideValues = {
    redirectUri: redirectUriFor(registrationId, publicUrl),
    postLogoutRedirectUri: postLogoutRedirectUri(publicUrl),
    backchannelLogoutUri: backchannelLogoutUriFor(registrationId, publicUrl),
    scopes: scopes || "openid email profile",
  };

  const text = (
    { name, type = "text", placeholder }: TextField,
    extra: Record<string, unknown> = {},
    help: string = HELP[name],
  ) => (
    <Field
      key={name}
      id={name}
      label={FIELDS[name].label}
      help={help}
      error={errors[name]?.message}
      required={!OPTIONAL.has(name) && !(name === "clientSecret" && (!secretUsed || (editing && !secretNeeded)))}
    >
      <Input
        type={type}
        placeholder={placeholder}
        spellCheck={false}
        {...fieldControlProps(name, errors[name]?.message)}
        {...extra}
        {...register(name)}
      />
    </Field>
  );

  const chosen = isProviderId(provider) ? provider : null;
  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="flex min-w-0 flex-col gap-6">
        <Field
          id="provider"
          label={FIELDS.provider.label}
          help={`${HELP.provider} Custom SSO works with any OpenID Connect provider; the others ask only what their IdP needs and come with a setup guide.`}
        >
          <Select
            {...fieldControlProps("provider")}
            value={provider}
            disabled={!!editing}
            onChange={(e) => {
              setProvider(e.target.value);
              if (isProviderId(e.target.value)) setValue("provider", e.target.value);
            }}
          >
            <option value="">Choose a provider…</option>
            {Object.entries(PROVIDERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <RedirectUri uri={redirectUriFor(registrationId, publicUrl)} />
        {chosen && chosen !== "custom-sso" && !editing ? (
          <PresetBox key={chosen} provider={chosen} action={props.fetchConfiguration} onFilled={fillFromPreset} />
        ) : null}
        {chosen ? (
          <form
            // Sent before hydration, the browser submits the form itself: POST keeps passwords and secrets out of the URL.
            method="post"
            onSubmit={editing?.draftOnly ? onSaveDraft : onSubmit}
            noValidate
            className="flex flex-col gap-5"
            aria-label={`${PROVIDERS[chosen]} integration`}
          >
            {serverError ? <Alert tone="error">{serverError}</Alert> : null}
            {editing
              ? text(
                  { name: "registrationId" },
                  // Read-only, not disabled: it is still sent, and it names the integration being edited.
                  { readOnly: true },
                )
              : text({ name: "registrationId", placeholder: "acme-sso" }, { autoComplete: "off" })}
            {text({ name: "clientId" }, { autoComplete: "off" })}
            {text(
              { name: "clientSecret", type: "password" },
              { autoComplete: "new-password" },
              !secretUsed
                ? "Not used with Private key JWT: Keyway signs with its own key pair instead (leave empty)."
                : !editing
                  ? undefined
                  : secretNeeded
                    ? "The Token URI points to another host than the saved one: enter the Client Secret for it."
                    : editing.draftOnly
                      ? "Leave empty to keep the draft's secret (or the live one, when the draft has none)."
                      : "Leave empty to keep the current secret (it is sent only to the saved Token URI's host).",
            )}
            {editing && !editing.draftOnly && secretUsed ? (
              <NextSecretFields register={register} errors={errors} hasNextSecret={!!editing.hasNextSecret} />
            ) : null}
            <DiscoveryBox
              action={props.fetchConfiguration}
              initialUrl={editing?.initial.issuer ?? ""}
              onFetched={fill}
            />
            {ENDPOINT_FIELDS.map((f) => text(f))}
            {issuerChanged ? (
              <Alert tone="warning" title="Changing the Issuer">
                This affects {editing.linkedAccounts} linked {editing.linkedAccounts === 1 ? "account" : "accounts"}:
                links made with the current Issuer stop matching, and each person re-links by their verified email on
                their next sign-in.
              </Alert>
            ) : null}
            <RadioGroup
              legend={FIELDS.clientAuthMethod.label}
              name="clientAuthMethod"
              help={HELP.clientAuthMethod}
              error={errors.clientAuthMethod?.message}
              options={CLIENT_AUTH_METHODS.map((value) => ({
                value,
                label: CLIENT_AUTH_METHOD_LABELS[value],
                description: METHOD_DESCRIPTIONS[value],
              }))}
              inputProps={() => register("clientAuthMethod")}
            />
            {text({ name: "loginButtonText", placeholder: "Sign in with Acme" })}
            <Checkbox
              label={FIELDS.showOnSignInScreen.label}
              description={HELP.showOnSignInScreen}
              {...register("showOnSignInScreen")}
            />
            {text({ name: "emailDomains", placeholder: "acme.com, acme.co.uk (optional)" }, { autoComplete: "off" })}
            <Checkbox
              label={FIELDS.trustEmailAddresses.label}
              description={HELP.trustEmailAddresses}
              {...register("trustEmailAddresses")}
            />
            <Checkbox
              label={FIELDS.rpInitiatedLogout.label}
              description={HELP.rpInitiatedLogout}
              {...register("rpInitiatedLogout")}
            />
            <fieldset className="flex flex-col gap-5 rounded-md border border-slate-200 p-4">
              <legend className="px-1 font-medium text-slate-900">Claims, scopes and sign-in requirement</legend>
              {text({ name: "scopes", placeholder: "openid email profile" }, { autoComplete: "off" })}
              {text(
                { name: "authorizationParams", placeholder: "prompt=select_account (optional)" },
                { autoComplete: "off" },
              )}
              {text({ name: "emailClaim", placeholder: "email" }, { autoComplete: "off" })}
              {text({ name: "nameClaim", placeholder: "name" }, { autoComplete: "off" })}
              {text({ name: "groupsClaim", placeholder: "groups" }, { autoComplete: "off" })}
              <Checkbox
                label={FIELDS.updateNameOnSignIn.label}
                description={HELP.updateNameOnSignIn}
                {...register("updateNameOnSignIn")}
              />
              {text(
                { name: "signInRequirement", placeholder: "groups contains keyway-users (optional)" },
                { autoComplete: "off" },
              )}
            </fieldset>
            {props.checkAction ? (
              <FormConnectionCheck action={props.checkAction} values={() => form.getValues()} />
            ) : null}
            <div className="flex gap-2 border-t border-slate-200 pt-5">
              <Button type="submit" pending={formState.isSubmitting}>
                {editing?.draftOnly ? "Save draft" : editing ? "Save" : "Create"}
              </Button>
              {editing?.saveDraft && !editing.draftOnly ? (
                <Button
                  type="button"
                  variant="secondary"
                  disabled={formState.isSubmitting}
                  onClick={() => void onSaveDraft()}
                >
                  Save as draft
                </Button>
              ) : null}
              <Button
                type="button"
                variant="ghost"
                onClick={() =>
                  router.push(
                    editing
                      ? `/settings/oauth-integrations/${editing.initial.registrationId}`
                      : "/settings/oauth-integrations",
                  )
                }
              >
                Cancel
              </Button>
            </div>
          </form>
        ) : null}
      </div>
      {chosen ? <SetupGuide provider={chosen} values={guideValues} /> : null}
    </div>
  );
}
