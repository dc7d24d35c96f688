"use client";
// "Continue with SSO": the person types their work email and is sent to the integration that owns its domain,
// with the email as login_hint; or told that no SSO is set up for that domain.
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type SsoEmailInput, type SsoRoute, ssoEmailSchema } from "@/lib/auth/sso-email";

type Props = { callbackUrl: string; findSso: (input: SsoEmailInput) => Promise<SsoRoute> };

export function SsoEmailForm({ callbackUrl, findSso }: Props) {
  const [error, setError] = useState<string>();
  const [redirecting, setRedirecting] = useState(false);
  const { register, handleSubmit, formState } = useForm<SsoEmailInput>({ resolver: zodResolver(ssoEmailSchema) });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    const route = await findSso(values);
    if (!route.ok) {
      setError(route.error);
      return;
    }
    setRedirecting(true);
    await signIn(route.registrationId, { callbackUrl }, { login_hint: values.email.trim() });
  });

  return (
    <form
      // Sent before hydration, the browser submits the form itself: POST keeps passwords and secrets out of the URL.
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-3"
      aria-label="Continue with SSO"
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="sso-email" label="Work email" error={errors.email?.message}>
        <Input
          type="email"
          autoComplete="email"
          {...fieldControlProps("sso-email", errors.email?.message, false)}
          {...register("email")}
        />
      </Field>
      <Button type="submit" variant="secondary" pending={isSubmitting || redirecting}>
        Continue with SSO
      </Button>
    </form>
  );
}
