// Consortium, organizations (towns, vendors), people and their roles.
import { eq, sql } from "drizzle-orm";
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow, type Select, sequence } from "./define";

type Consortium = Insert<typeof schema.consortium>;
type Organization = Insert<typeof schema.organization>;
type Account = Insert<typeof schema.account>;
type User = Insert<typeof schema.user>;
type ConsortiumRole = Insert<typeof schema.consortiumRole>;
type WgMembership = Insert<typeof schema.wgMembership>;

export function consortiumRow(overrides: Partial<Consortium> = {}): Consortium {
  return { name: `テスト協議会${sequence()}`, fiscalYearStartMonth: 4, createdAt: FACTORY_NOW, ...overrides };
}
export const insertConsortium = (tx: Handle, overrides: Partial<Consortium> = {}) =>
  insertRow(tx, schema.consortium, consortiumRow(overrides));

/** An organization; a municipality (town) unless `kind` says otherwise. */
export function organizationRow(overrides: Partial<Organization> & Pick<Organization, "consortiumId">): Organization {
  return { kind: "municipality", name: `テスト市${sequence()}`, createdAt: FACTORY_NOW, ...overrides };
}
export const insertOrganization = (tx: Handle, overrides: Partial<Organization> & Pick<Organization, "consortiumId">) =>
  insertRow(tx, schema.organization, organizationRow(overrides));
export const insertTown = (tx: Handle, overrides: Partial<Organization> & Pick<Organization, "consortiumId">) =>
  insertOrganization(tx, { kind: "municipality", ...overrides });
export const insertVendor = (tx: Handle, overrides: Partial<Organization> & Pick<Organization, "consortiumId">) =>
  insertOrganization(tx, { kind: "vendor", name: `テスト事業者${sequence()}株式会社`, ...overrides });

export function accountRow(overrides: Partial<Account> = {}): Account {
  return { email: `user${sequence()}@example.test`, createdAt: FACTORY_NOW, ...overrides };
}
export function userRow(overrides: Partial<User> & Pick<User, "organizationId" | "accountId" | "consortiumId">): User {
  return { displayName: `利用者 ${sequence()}`, createdAt: FACTORY_NOW, ...overrides };
}
export function consortiumRoleRow(overrides: Partial<ConsortiumRole> & Pick<ConsortiumRole, "userId" | "consortiumId">): ConsortiumRole {
  return { role: "member", createdAt: FACTORY_NOW, ...overrides };
}
export function wgMembershipRow(overrides: Partial<WgMembership> & Pick<WgMembership, "wgId" | "userId">): WgMembership {
  return { role: "member", createdAt: FACTORY_NOW, ...overrides };
}
export const insertWgMembership = (tx: Handle, overrides: Partial<WgMembership> & Pick<WgMembership, "wgId" | "userId">) =>
  insertRow(tx, schema.wgMembership, wgMembershipRow(overrides));

/** What the sign-in of a new person holds (their account), given with the person for short. */
type AccountFields = Pick<Partial<Account>, "email" | "passwordHash" | "locale" | "operator">;

/**
 * A person who can sign in: their account (the e-mail's, made when new), the membership in
 * the organization's consortium, its consortium role (`member` unless told) and, when given,
 * their working-group memberships. Returns the membership with the account's e-mail.
 */
export function insertUser(
  tx: Handle,
  {
    role = "member",
    wgs = [],
    email,
    passwordHash,
    locale,
    operator,
    ...overrides
  }: Partial<Omit<User, "accountId" | "consortiumId">> &
    Pick<User, "organizationId"> &
    AccountFields & {
      role?: ConsortiumRole["role"];
      wgs?: { wgId: number; role?: WgMembership["role"] }[];
    },
): Select<typeof schema.user> & { email: string } {
  const org = tx.select({ consortiumId: schema.organization.consortiumId }).from(schema.organization).where(eq(schema.organization.id, overrides.organizationId)).get()!;
  const existing = email === undefined ? undefined : tx.select().from(schema.account).where(sql`lower(${schema.account.email}) = ${email.toLowerCase()}`).get();
  const account = existing ?? insertRow(tx, schema.account, accountRow({ ...(email === undefined ? {} : { email }), passwordHash, locale, operator, createdAt: overrides.createdAt }));
  const row = insertRow(tx, schema.user, userRow({ ...overrides, accountId: account.id, consortiumId: org.consortiumId }));
  insertRow(tx, schema.consortiumRole, consortiumRoleRow({ userId: row.id, consortiumId: org.consortiumId, role, createdAt: row.createdAt }));
  for (const w of wgs) insertWgMembership(tx, { wgId: w.wgId, userId: row.id, role: w.role ?? "member", createdAt: row.createdAt });
  return { ...row, email: account.email };
}
