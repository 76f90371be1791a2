/**
 * Who is asking, as the rest of the gateway sees it: a name for logs, the scopes granted, and
 * optional restrictions to some regions and member accounts. Authentication (src/auth) turns a
 * request into a Caller; permissions (the schema's scopes) and the upstream calls read it.
 */

/** The scopes a security team grants: read findings, read members, change findings, change the account. */
export const SCOPES = ["findings:read", "members:read", "findings:write", "account:write"] as const;
export type Scope = (typeof SCOPES)[number];

export interface Caller {
  /** The token's subject or the API key's name; "anonymous" when authentication is off. */
  name: string;
  scopes: ReadonlySet<Scope>;
  /** Regions the caller may use; undefined = every region the gateway covers. */
  regions?: readonly string[];
  /** Accounts whose findings and memberships the caller may see; undefined = all. */
  accounts?: readonly string[];
}

/** The caller of a gateway without authentication (AUTH_MODE=none, or the sandbox by default). */
export const OPEN_CALLER: Caller = Object.freeze({
  name: "anonymous",
  scopes: new Set<Scope>(SCOPES),
});
