"use client";
// Require single sign-on + Break-glass accounts. The same zod schema checks here and again on the server, which
// also refuses any state that could lock everyone out.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { showActionFailure } from "@/components/forms/show-action-failure";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import type { ActionResult } from "@/lib/authz/action-result";
import {
  MAX_BREAK_GLASS_ACCOUNTS,
  type SignInPolicyInput,
  type SignInPolicyValues,
  signInPolicySchema,
} from "@/lib/sign-in-policy/schema";

type Candidate = { id: string; email: string; name: string };
export type SignInPolicyFormProps = {
  action: (input: unknown) => Promise<ActionResult<unknown>>;
  requireSso: boolean;
  breakGlassUserIds: string[];
  candidates: Candidate[];
};

export function SignInPolicyForm({ action, requireSso, breakGlassUserIds, candidates }: SignInPolicyFormProps) {
  const router = useRouter();
  const [alert, setAlert] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<
    SignInPolicyInput,
    unknown,
    SignInPolicyValues
  >({
    resolver: zodResolver(signInPolicySchema),
    defaultValues: { requireSso, breakGlassUserIds },
  });
  const { errors, isSubmitting } = formState;

  async function onSubmit(values: SignInPolicyValues) {
    setAlert(null);
    let result: ActionResult<unknown>;
    try {
      result = await action(values);
    } catch {
      setAlert({ tone: "error", text: "Could not reach Keyway. Check your connection and try again." });
      return;
    }
    if (!result.ok) {
      const text = showActionFailure(result, ["requireSso", "breakGlassUserIds"] as const, setError);
      if (text) setAlert({ tone: "error", text });
      return;
    }
    reset(values);
    setAlert({ tone: "success", text: "Sign-in policy saved." });
    router.refresh();
  }

  return (
    <form
      // Sent before hydration, the browser submits the form itself: POST keeps passwords and secrets out of the URL.
      method="post"
      noValidate
      onSubmit={handleSubmit(onSubmit)}
      className="flex max-w-xl flex-col gap-5"
    >
      {alert ? <Alert tone={alert.tone}>{alert.text}</Alert> : null}
      <div className="flex flex-col gap-1">
        <Checkbox
          id="require-sso"
          label="Require single sign-on"
          description="Password sign-in is refused for everyone except the break-glass accounts below."
          defaultChecked={requireSso}
          aria-invalid={errors.requireSso ? true : undefined}
          {...register("requireSso")}
        />
        {errors.requireSso ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {errors.requireSso.message}
          </p>
        ) : null}
      </div>
      <fieldset aria-labelledby="break-glass-legend" className="flex flex-col gap-2">
        <legend id="break-glass-legend" className="mb-1 font-medium text-slate-900">
          Break-glass accounts
        </legend>
        <p className="-mt-1 text-xs text-slate-600">
          At most {MAX_BREAK_GLASS_ACCOUNTS}, each an active user with a password. They can still sign in with their
          password; every such sign-in is audited and shown to all admins for 24 hours.
        </p>
        {candidates.map((c) => (
          <Checkbox
            key={c.id}
            id={`break-glass-${c.id}`}
            label={c.email}
            description={c.name}
            value={c.id}
            defaultChecked={breakGlassUserIds.includes(c.id)}
            {...register("breakGlassUserIds")}
          />
        ))}
        {errors.breakGlassUserIds ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {errors.breakGlassUserIds.message}
          </p>
        ) : null}
      </fieldset>
      <div>
        <Button type="submit" pending={isSubmitting}>
          Save policy
        </Button>
      </div>
    </form>
  );
}
