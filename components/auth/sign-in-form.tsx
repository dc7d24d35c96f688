"use client";
// Email + password form for local accounts; failures show one generic message.
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(256),
});
type SignInValues = z.infer<typeof signInSchema>;

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const { register, handleSubmit, formState } = useForm<SignInValues>({ resolver: zodResolver(signInSchema) });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    const result = await signIn("credentials", { ...values, redirect: false, callbackUrl });
    if (!result || result.error) {
      // The policy refusal and the throttle's own message ("Too many sign-in attempts. Try again in N s.") are safe to
      // show; anything else is the one generic message, whichever part was wrong.
      const error = result?.error;
      setError(
        error === "SSO_REQUIRED"
          ? signInErrorMessage("SSO_REQUIRED")
          : error?.startsWith("Too many sign-in attempts")
            ? error
            : "Invalid email or password.",
      );
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  });

  return (
    <form
      // Sent before hydration, the browser submits the form itself: POST keeps passwords and secrets out of the URL.
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          type="email"
          autoComplete="username"
          {...fieldControlProps("email", errors.email?.message, false)}
          {...register("email")}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input
          type="password"
          autoComplete="current-password"
          {...fieldControlProps("password", errors.password?.message, false)}
          {...register("password")}
        />
      </Field>
      <Button type="submit" pending={isSubmitting}>
        Sign in
      </Button>
    </form>
  );
}
