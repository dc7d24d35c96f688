import type { ComponentProps } from "react";

const cx = (a: string, b?: string) => (b ? `${a} ${b}` : a);

/** Table wrapped in a horizontally scrollable, bordered container. */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table {...props} className={cx("w-full border-collapse text-left text-sm", className)} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead {...props} className={cx("border-b border-slate-200 bg-slate-50", className)} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody {...props} className={cx("divide-y divide-slate-200", className)} />;
}

export function Tr({ className, ...props }: ComponentProps<"tr">) {
  return <tr {...props} className={cx("hover:bg-slate-50/60", className)} />;
}

export function Th({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return <th scope={scope} {...props} className={cx("px-4 py-2.5 text-xs font-medium text-slate-600", className)} />;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td {...props} className={cx("px-4 py-3 align-middle text-slate-900", className)} />;
}
