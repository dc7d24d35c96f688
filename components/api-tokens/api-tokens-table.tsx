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
  return (
    <Table aria-label="API tokens">
      <THead>
        <Tr>
          <Th>{showOwner ? "Name and owner" : "Name"}</Th>
          <Th>Prefix</Th>
          <Th>Authorities</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>Status</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </Tr>
      </THead>
      <TBody>
        {tokens.length === 0 ? (
          <Tr>
            <Td colSpan={8} className="text-slate-600">
              No tokens yet.
            </Td>
          </Tr>
        ) : (
          tokens.map((token) => (
            <Tr key={token.id}>
              <Td className="whitespace-nowrap">
                <span className="font-medium">{token.name}</span>
                {/* User managers see everyone's tokens: whose each one is, under its name. */}
                {showOwner ? <span className="block text-xs text-slate-600">{token.owner.email}</span> : null}
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">{token.prefix}…</Td>
              <Td>
                <span className="flex flex-wrap gap-1">
                  {token.authorities.map((a) => (
                    <Badge key={a} tone="indigo">
                      {a}
                    </Badge>
                  ))}
                </span>
              </Td>
              <Td className="whitespace-nowrap">
                <Day value={token.createdAt} />
              </Td>
              <Td className="whitespace-nowrap">
                <Day value={token.expiresAt} />
              </Td>
              <Td className="whitespace-nowrap">
                {token.lastUsedAt ? (
                  <span className="flex flex-col">
                    <DateTimeText value={token.lastUsedAt} />
                    <span className="text-xs text-slate-600">from {token.lastUsedAddress ?? "an unknown address"}</span>
                  </span>
                ) : (
                  "Never"
                )}
              </Td>
              <Td>{status(token, now)}</Td>
              <Td className="text-right">
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
