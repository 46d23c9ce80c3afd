// Consortium, organizations (towns, vendors), people and their roles.
import { eq } from "drizzle-orm";
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow, type Select, sequence } from "./define";

type Consortium = Insert<typeof schema.consortium>;
type Organization = Insert<typeof schema.organization>;
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

export function userRow(overrides: Partial<User> & Pick<User, "organizationId">): User {
  const n = sequence();
  return { email: `user${n}@example.test`, displayName: `利用者 ${n}`, createdAt: FACTORY_NOW, ...overrides };
}
export function consortiumRoleRow(overrides: Partial<ConsortiumRole> & Pick<ConsortiumRole, "userId" | "consortiumId">): ConsortiumRole {
  return { role: "member", createdAt: FACTORY_NOW, ...overrides };
}
export function wgMembershipRow(overrides: Partial<WgMembership> & Pick<WgMembership, "wgId" | "userId">): WgMembership {
  return { role: "member", createdAt: FACTORY_NOW, ...overrides };
}
export const insertWgMembership = (tx: Handle, overrides: Partial<WgMembership> & Pick<WgMembership, "wgId" | "userId">) =>
  insertRow(tx, schema.wgMembership, wgMembershipRow(overrides));

/**
 * A person who can sign in: the user row, their consortium role (the organization's
 * consortium; `member` unless told) and, when given, their working-group memberships.
 */
export function insertUser(
  tx: Handle,
  {
    role = "member",
    wgs = [],
    ...overrides
  }: Partial<User> &
    Pick<User, "organizationId"> & {
      role?: ConsortiumRole["role"];
      wgs?: { wgId: number; role?: WgMembership["role"] }[];
    },
): Select<typeof schema.user> {
  const row = insertRow(tx, schema.user, userRow(overrides));
  const org = tx.select({ consortiumId: schema.organization.consortiumId }).from(schema.organization).where(eq(schema.organization.id, row.organizationId)).get()!;
  insertRow(tx, schema.consortiumRole, consortiumRoleRow({ userId: row.id, consortiumId: org.consortiumId, role, createdAt: row.createdAt }));
  for (const w of wgs) insertWgMembership(tx, { wgId: w.wgId, userId: row.id, role: w.role ?? "member", createdAt: row.createdAt });
  return row;
}
