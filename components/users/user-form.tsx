"use client";
// Add or edit a user. The same zod schema checks the fields here and again in the server action; server field
// errors (e.g. a duplicate email) land under their field, anything else in an alert.
import { showActionFailure } from "@/components/forms/show-action-failure";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type UseFormRegister, useForm } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/authz/action-result";
import { AUTHORITIES, AUTHORITY_LABELS, type Authority, ROLE_AUTHORITIES, type Role } from "@/lib/authz/authorities";
import { type UserFormInput, type UserFormValues, userFormSchema } from "@/lib/users/schema";

const ROLE_OPTIONS: Record<Role, string> = { ADMIN: "Admin — all authorities", GUEST: "Guest — no authorities" };

// Editing never changes the email (shown read-only, not sent), so it is not re-validated.
const editFormSchema = userFormSchema.extend({ email: z.string() });

type SaveAction = (input: unknown) => Promise<ActionResult<{ id: string }>>;
export type EditableUser = { id: string; email: string; name: string; role: string; authorities: string[] };
// `grantable`: the viewer's own authorities. Only roles and authorities within them are offered, because the
// server refuses to grant anything else (issue 6, finding 2).
export type UserFormProps = (
  { mode: "create"; action: SaveAction } | { mode: "edit"; action: SaveAction; user: EditableUser }
) & {
  grantable: readonly Authority[];
};

const FIELDS = ["email", "name", "role", "authorities"] as const;

export function UserForm(props: UserFormProps) {
  const router = useRouter();
  const editing = props.mode === "edit";
  const [alert, setAlert] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [leaving, setLeaving] = useState(false); // created: stay pending while the list loads (no double create)
  // Also rendered as defaultValue/defaultChecked, so the server HTML shows the real values before hydration.
  const defaults: Required<UserFormInput> = editing
    ? {
        email: props.user.email,
        name: props.user.name,
        role: props.user.role as Role,
        authorities: props.user.authorities as Required<UserFormInput>["authorities"],
      }
    : { email: "", name: "", role: "GUEST", authorities: [] };
  const { register, handleSubmit, setError, reset, formState } = useForm<UserFormInput, unknown, UserFormValues>({
    resolver: zodResolver(editing ? editFormSchema : userFormSchema),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = formState;

  function showFailure(result: Extract<ActionResult<unknown>, { ok: false }>) {
    const text = showActionFailure(result, editing ? FIELDS.filter((f) => f !== "email") : FIELDS, setError);
    if (text) setAlert({ tone: "error", text });
  }

  async function onSubmit(values: UserFormValues) {
    setAlert(null);
    const { email, ...profile } = values;
    let result: ActionResult<{ id: string }>;
    try {
      result =
        props.mode === "edit"
          ? await props.action({ ...profile, id: props.user.id })
          : await props.action({ ...profile, email });
    } catch {
      setAlert({ tone: "error", text: "Could not reach Keyway. Check your connection and try again." });
      return;
    }
    if (!result.ok) return showFailure(result);
    if (props.mode === "create") {
      setLeaving(true);
      router.push("/settings/users");
      router.refresh();
      return;
    }
    reset(values);
    setAlert({ tone: "success", text: "Changes saved." });
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
      <Field
        id="user-email"
        label="Email"
        required={!editing}
        help={
          editing
            ? "The email cannot be changed."
            : "They sign in with this address (password or SSO with a verified email)."
        }
        error={errors.email?.message}
      >
        {editing ? (
          <Input {...fieldControlProps("user-email")} type="email" value={props.user.email} readOnly />
        ) : (
          <Input
            {...fieldControlProps("user-email", errors.email?.message)}
            {...register("email")}
            type="email"
            autoComplete="off"
            required
          />
        )}
      </Field>
      <Field
        id="user-name"
        label="Name"
        required
        help="Shown in the console and in the audit log."
        error={errors.name?.message}
      >
        <Input
          {...fieldControlProps("user-name", errors.name?.message)}
          {...register("name")}
          defaultValue={defaults.name}
          autoComplete="off"
          required
        />
      </Field>
      <Field
        id="user-role"
        label="Role"
        required
        help="Admins hold every authority; guests hold none unless you add some below."
        error={errors.role?.message}
      >
        <Select
          {...fieldControlProps("user-role", errors.role?.message)}
          {...register("role")}
          defaultValue={defaults.role}
          required
        >
          {(Object.entries(ROLE_OPTIONS) as [Role, string][]).map(([value, text]) => (
            <option
              key={value}
              value={value}
              disabled={!ROLE_AUTHORITIES[value].every((a) => props.grantable.includes(a))}
            >
              {text}
            </option>
          ))}
        </Select>
      </Field>
      <AuthorityFieldset
        register={register}
        checked={defaults.authorities}
        grantable={props.grantable}
        error={errors.authorities?.message}
      />
      <div>
        <Button type="submit" pending={isSubmitting || leaving}>
          {editing ? "Save changes" : "Create"}
        </Button>
      </div>
    </form>
  );
}

type AuthorityFieldsetProps = {
  register: UseFormRegister<UserFormInput>;
  checked: readonly string[];
  grantable: readonly Authority[];
  error?: string;
};

function AuthorityFieldset({ register, checked, grantable, error }: AuthorityFieldsetProps) {
  const describedBy = ["user-authorities-help", error ? "user-authorities-error" : null].filter(Boolean).join(" ");
  return (
    <fieldset aria-labelledby="user-authorities-legend" aria-describedby={describedBy} className="flex flex-col gap-2">
      <legend id="user-authorities-legend" className="mb-1 font-medium text-slate-900">
        Extra authorities
      </legend>
      <p id="user-authorities-help" className="-mt-1 text-xs text-slate-600">
        Granted on top of the role&apos;s authorities. Admins already hold all of them.
      </p>
      {AUTHORITIES.map((authority) => (
        <Checkbox
          key={authority}
          id={`user-authority-${authority}`}
          label={AUTHORITY_LABELS[authority]}
          description={authority}
          value={authority}
          defaultChecked={checked.includes(authority)}
          {...register("authorities")}
          disabled={!grantable.includes(authority)}
        />
      ))}
      {error ? (
        <p id="user-authorities-error" role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
