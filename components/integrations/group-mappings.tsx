"use client";
// Group mappings of one integration: rows of group → authorities, Simulate (who would gain or lose what, from the
// groups of recent sign-ins) and Save. Validated with the schema the server actions parse with.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, fieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/authz/action-result";
import { AUTHORITIES, AUTHORITY_LABELS } from "@/lib/authz/authorities";
import {
  type GroupMapping,
  type GroupMappingsInput,
  groupMappingsSchema,
  MAX_GROUP_MAPPINGS,
} from "@/lib/integrations/group-mappings-schema";

type Simulation = { people: number; changes: { email: string; groups: string[]; gains: string[]; losses: string[] }[] };

type Props = {
  registrationId: string;
  groupsClaim: string;
  mappings: GroupMapping[];
  canWrite: boolean;
  save: (input: GroupMappingsInput) => Promise<ActionResult<{ mappings: number; grantsRemoved: number }>>;
  simulate: (input: GroupMappingsInput) => Promise<ActionResult<Simulation>>;
};

const list = (items: string[]) => (items.length ? items.join(", ") : "—");

export function GroupMappings({ registrationId, groupsClaim, mappings, canWrite, save, simulate }: Props) {
  const router = useRouter();
  const form = useForm<GroupMappingsInput>({
    resolver: zodResolver(groupMappingsSchema),
    defaultValues: { registrationId, mappings },
  });
  const { register, handleSubmit, formState, control } = form;
  const rows = useFieldArray({ control, name: "mappings" });
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const errors = formState.errors.mappings;

  const run = (action: typeof save | typeof simulate, onOk: (data: never) => void) =>
    handleSubmit(async (values) => {
      setMessage(null);
      const result = await action(values);
      if (!result.ok) {
        setMessage({ tone: "error", text: [result.error, ...Object.values(result.fieldErrors ?? {})].join(" ") });
        return;
      }
      onOk(result.data as never);
    });
  const onSave = run(save, (data: { mappings: number; grantsRemoved: number }) => {
    setMessage({
      tone: "success",
      text: `Saved ${data.mappings} mapping${data.mappings === 1 ? "" : "s"}${data.grantsRemoved ? `; ${data.grantsRemoved} grant(s) no mapping gives any more were removed` : ""}. Each person's mapped authorities are decided again at their next sign-in.`,
    });
    router.refresh();
  });
  const onSimulate = run(simulate, (data: Simulation) => setSimulation(data));

  return (
    <form method="post" onSubmit={onSave} noValidate aria-label="Group mappings" className="flex flex-col gap-4">
      <p className="text-xs text-slate-600">
        When the <code>{groupsClaim}</code> claim holds a group, the person gets its authorities, decided again at every
        sign-in through this integration: removing them from the group at the IdP removes what the mapping gave at their
        next sign-in. Authorities granted by hand on the Users page are never touched. A mapping never grants more than
        the admin who saved it, and the admins who set this integration&apos;s identity settings, hold.
      </p>
      {message ? (
        <Alert tone={message.tone} title={message.tone === "error" ? "Not saved" : "Saved"}>
          {message.text}
        </Alert>
      ) : null}
      {rows.fields.length === 0 ? <p className="text-slate-600">No group mappings.</p> : null}
      {rows.fields.map((row, index) => (
        <fieldset key={row.id} className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-900">Mapping {index + 1}</legend>
          <Field id={`mappings.${index}.group`} label="Group" error={errors?.[index]?.group?.message}>
            <Input
              {...fieldControlProps(`mappings.${index}.group`, errors?.[index]?.group?.message, false)}
              disabled={!canWrite}
              spellCheck={false}
              {...register(`mappings.${index}.group`)}
            />
          </Field>
          <div role="group" aria-label={`Authorities of mapping ${index + 1}`} className="flex flex-col gap-1.5">
            {AUTHORITIES.map((authority) => (
              <Checkbox
                key={authority}
                label={AUTHORITY_LABELS[authority]}
                value={authority}
                disabled={!canWrite}
                {...register(`mappings.${index}.authorities`)}
              />
            ))}
            {errors?.[index]?.authorities?.message ? (
              <p role="alert" className="text-xs font-medium text-red-700">
                {errors[index].authorities.message}
              </p>
            ) : null}
          </div>
          {canWrite ? (
            <div>
              <Button type="button" variant="ghost" onClick={() => rows.remove(index)}>
                Remove mapping {index + 1}
              </Button>
            </div>
          ) : null}
        </fieldset>
      ))}
      {canWrite ? (
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant="secondary"
            disabled={rows.fields.length >= MAX_GROUP_MAPPINGS}
            onClick={() => rows.append({ group: "", authorities: [] })}
          >
            Add mapping
          </Button>
          <Button type="button" variant="secondary" pending={formState.isSubmitting} onClick={() => void onSimulate()}>
            Simulate
          </Button>
          <Button type="submit" pending={formState.isSubmitting}>
            Save mappings
          </Button>
        </div>
      ) : null}
      {simulation ? (
        <section aria-label="Simulation" className="flex flex-col gap-2">
          <h3 className="font-medium text-slate-900">
            Simulation: {simulation.changes.length} of {simulation.people} recently signed-in{" "}
            {simulation.people === 1 ? "person" : "people"} would change
          </h3>
          {simulation.changes.length ? (
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="text-slate-600">
                  <th className="py-1 pr-3 font-medium">Person</th>
                  <th className="py-1 pr-3 font-medium">Would gain</th>
                  <th className="py-1 pr-3 font-medium">Would lose</th>
                  <th className="py-1 font-medium">Groups at last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {simulation.changes.map((c) => (
                  <tr key={c.email} className="border-t border-slate-100 align-top">
                    <td className="py-1 pr-3 break-all">{c.email}</td>
                    <td className="py-1 pr-3">{list(c.gains)}</td>
                    <td className="py-1 pr-3">{list(c.losses)}</td>
                    <td className="py-1 break-all text-xs text-slate-600">{list(c.groups.slice(0, 20))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-slate-600">No one would gain or lose an authority.</p>
          )}
        </section>
      ) : null}
    </form>
  );
}
