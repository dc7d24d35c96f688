// The API tokens list: name, prefix, authorities, created, expires, last used (time and address), status, Revoke.
// Server-renderable; never shows a token (only its first 8 characters).
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import type { ApiTokenListItem } from "@/lib/api-tokens/queries";
import type { ActionResult } from "@/lib/authz/action-result";
import { RevokeTokenButton } from "./revoke-token-button";

type Props = {
  tokens: ApiTokenListItem[];
  showOwner: boolean;
  revoke: (input: { id: string }) => Promise<ActionResult<unknown>>;
};

const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** A day (UTC) with the full moment in its title and datetime: the list stays narrow enough to show Revoke. */
function Day({ value }: { value: Date }) {
  return (
    <time dateTime={value.toISOString()} title={value.toISOString()}>
      {dateOnly.format(value)}
    </time>
  );
}

function status(token: ApiTokenListItem, now: Date) {
  if (token.revokedAt) return <Badge tone="gray">Revoked</Badge>;
  if (token.expiresAt <= now) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

export function ApiTokensTable({ tokens, showOwner, revoke }: Props) {
  const now = new Date();
  // Why stacked cells and tighter padding: at 1280 px (a 976 px main column) every column, Revoke included, fits
  // without sideways scrolling, even with an owner's long email and every authority (e2e/api-tokens.spec.ts).
  const cell = "px-3";
  return (
    <Table aria-label="API tokens">
      <THead>
        <Tr>
          <Th className={cell}>{showOwner ? "Token and owner" : "Token"}</Th>
          <Th className={cell}>Authorities</Th>
          <Th className={cell}>Created / expires</Th>
          <Th className={cell}>Last used</Th>
          <Th className={cell}>Status</Th>
          <Th className={cell}>
            <span className="sr-only">Actions</span>
          </Th>
        </Tr>
      </THead>
      <TBody>
        {tokens.length === 0 ? (
          <Tr>
            <Td colSpan={6} className="text-slate-600">
              No tokens yet.
            </Td>
          </Tr>
        ) : (
          tokens.map((token) => (
            <Tr key={token.id}>
              <Td className={`${cell} min-w-48 max-w-64`}>
                <span className="block font-medium break-words">{token.name}</span>
                <span className="block font-mono text-xs text-slate-600" title="The token's first 8 characters">
                  {token.prefix}…
                </span>
                {/* User managers see everyone's tokens: whose each one is, under its name. */}
                {showOwner ? <span className="block text-xs break-all text-slate-600">{token.owner.email}</span> : null}
              </Td>
              <Td className={`${cell} w-72`}>
                <span className="flex flex-wrap gap-1">
                  {token.authorities.map((a) => (
                    <Badge key={a} tone="indigo">
                      {a}
                    </Badge>
                  ))}
                </span>
              </Td>
              <Td className={`${cell} text-xs whitespace-nowrap`}>
                <span className="block">
                  <span className="text-slate-600">Created </span>
                  <Day value={token.createdAt} />
                </span>
                <span className="block">
                  <span className="text-slate-600">Expires </span>
                  <Day value={token.expiresAt} />
                </span>
              </Td>
              <Td className={`${cell} min-w-40 text-xs`}>
                {token.lastUsedAt ? (
                  <span className="flex flex-col">
                    <DateTimeText value={token.lastUsedAt} />
                    <span className="break-all text-slate-600">
                      from {token.lastUsedAddress ?? "an unknown address"}
                    </span>
                  </span>
                ) : (
                  "Never"
                )}
              </Td>
              <Td className={cell}>{status(token, now)}</Td>
              <Td className={`${cell} text-right`}>
                {!token.revokedAt && token.expiresAt > now ? (
                  <RevokeTokenButton id={token.id} name={token.name} action={revoke} />
                ) : null}
              </Td>
            </Tr>
          ))
        )}
      </TBody>
    </Table>
  );
}
