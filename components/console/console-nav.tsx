"use client";
// Left navigation of the signed-in console; marks the current page for assistive tech.
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

export function ConsoleNav({ settings }: { settings: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Settings</p>
      <ul className="flex flex-col gap-0.5">
        {settings.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-2 py-1.5 ${current ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
