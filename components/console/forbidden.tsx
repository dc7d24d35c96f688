import { Alert } from "@/components/ui/alert";

/** Shown instead of a page when the user lacks the authority to see it (the server refuses the data too). */
export function Forbidden({ authority }: { authority: string }) {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold">403 — Not allowed</h1>
      <Alert tone="error">You need the {authority} authority to see this page. Ask an administrator.</Alert>
    </div>
  );
}
