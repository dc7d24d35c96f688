import { useId, type ReactNode } from "react";

export type CardProps = {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children?: ReactNode;
};

/** Bordered white panel; with a `title` it becomes a labelled region headed by an `<h2>`. */
export function Card({ title, description, actions, className, children }: CardProps) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={title ? headingId : undefined}
      className={`rounded-lg border border-slate-200 bg-white shadow-xs ${className ?? ""}`}
    >
      {title ? (
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
          <div className="flex flex-col gap-0.5">
            <h2 id={headingId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description ? <div className="text-slate-600">{description}</div> : null}
          </div>
          {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
        </div>
      ) : null}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
