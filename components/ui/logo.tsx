/** The Keyway word mark. */
export function Logo({ className }: { className?: string }) {
  return (
    <span className={`font-semibold tracking-tight text-slate-900 ${className ?? ""}`}>
      <span aria-hidden="true" className="mr-1.5 inline-block size-2.5 rounded-sm bg-indigo-600" />
      Keyway
    </span>
  );
}
