// Importing people from a spreadsheet (/admin/import/people): the PMO into any organization,
// a town admin into their own town. Each row is checked as the single-user form would check
// it (userFormSchema, newUserRefusal: no role above the viewer's own, no address in use) plus
// what only a file has (団体 and WG by name, 役割 words, an address twice in the file), and
// every row is shown before anything is written. The import then creates everyone or no one,
// in one unit of work: each account through createUser (its set-password invitation goes to
// the mail outbox, its audit row beside it), each WG place through addWgMember.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { invalid, ok, type FieldErrors, type Refusal, type Result } from "~/domain/result";
import type { MessageKey, Vars } from "~/i18n";
import { MAX_PEOPLE_LINES, PEOPLE_COLUMNS, type PeopleColumn, type PersonCells } from "~/domain/people-import";
import { DEFAULT_RANK, normalizeEmail, parseRoles, rankOf, wgNames, type Rank, type Roles } from "~/import/people.server";
import { normalizeKey } from "~/import/normalize.server";
import { can, refusalOf, type ConsortiumRole, type OrganizationKind, type Viewer, type WgRole } from "~/policy/permissions";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write } from "~/utils/db.server";
import { createUser, emailTaken, newUserRefusal, parseUserForm, type UserInput } from "./user-admin.server";
import { addWgMember, wgRoleProblem } from "./working-group-admin.server";

export type CellError = { column: PeopleColumn; message: MessageKey; vars?: Vars };

/** A row as it will be created (or why it cannot be). */
export type PersonPlan = {
  line: number;
  displayName: string;
  displayNameKana: string;
  email: string;
  department: string;
  rank: Rank | null;
  organizationName: string | null;
  organizationKind: OrganizationKind | null;
  role: ConsortiumRole;
  orgAdmin: boolean;
  wgs: { id: number; name: string; role: WgRole }[];
  errors: CellError[];
};

type Plan = PersonPlan & { input: UserInput | null };

/** The page is not found by anyone who may not import (staff, leadership, vendors). */
const importRefusal = (viewer: Viewer) => refusalOf(viewer, "people.import", { organizationId: viewer.organizationId });

/** The user form's fields, and refusals of a new account, by the column of the file they come from. */
const COLUMN_OF_FIELD: Record<string, PeopleColumn> = {
  displayName: "name",
  displayNameKana: "kana",
  email: "email",
  department: "department",
  organizationId: "organization",
  rank: "rank",
  role: "roles",
  orgAdmin: "roles",
  form: "roles", // the one form-wide refusal: a role only the PMO gives
};

type Organization = { id: number; name: string; kind: OrganizationKind };
type WorkingGroup = { id: number; name: string; archived: boolean };

async function lookups(viewer: Viewer) {
  const organizations = db
    .select({ id: schema.organization.id, name: schema.organization.name, kind: schema.organization.kind })
    .from(schema.organization)
    .where(eq(schema.organization.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.organization.id))
    .all();
  const workingGroups = db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name, archived: schema.workingGroup.archived })
    .from(schema.workingGroup)
    .where(eq(schema.workingGroup.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.workingGroup.id))
    .all();
  const byKey = <T extends { name: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(normalizeKey(row.name), [...(map.get(normalizeKey(row.name)) ?? []), row]);
    return map;
  };
  return { organizations: byKey(organizations), workingGroups: byKey(workingGroups), own: organizations.find((o) => o.id === viewer.organizationId) };
}

type Lookups = Awaited<ReturnType<typeof lookups>>;

type Refuse = (column: PeopleColumn, message: MessageKey, vars?: Vars) => void;

/** 団体 by name; a town admin may leave it empty for their own town, and may name no other. */
function organizationOf(viewer: Viewer, text: string, found: Lookups, refuse: Refuse): Organization | undefined {
  const organization = text ? found.organizations.get(normalizeKey(text))?.[0] : can(viewer, "consortium.manage") ? undefined : found.own;
  if (!organization) {
    refuse("organization", text ? "people.err.organizationUnknown" : "people.err.organizationRequired", text ? { value: text } : undefined);
    return undefined;
  }
  if (!can(viewer, "people.import", { organizationId: organization.id })) {
    refuse("organization", "people.err.organizationOther", { org: found.own?.name ?? "" });
    return undefined;
  }
  return organization;
}

/** The row's WG places: only the PMO gives them (as on the WG's own page), vendors as guests only. */
function wgPlacesOf(viewer: Viewer, cells: PersonCells, roles: Roles, organization: Organization | undefined, found: Lookups, refuse: Refuse) {
  const places: PersonPlan["wgs"] = [];
  const names = wgNames(cells.wgs);
  const role: WgRole = roles.wgRole ?? (organization?.kind === "vendor" ? "guest" : "member");
  if (roles.wgRole && roles.wgRole !== "member" && names.length === 0) refuse("roles", "people.err.wgRoleWithoutWg", { value: cells.roles });
  if (names.length === 0) return places;
  if (!can(viewer, "consortium.manage")) {
    refuse("wgs", "people.err.wgPmoOnly");
    return places;
  }
  for (const name of names) {
    const matches = found.workingGroups.get(normalizeKey(name)) ?? [];
    if (matches.length === 0) refuse("wgs", "people.err.wgUnknown", { value: name });
    else if (matches.length > 1) refuse("wgs", "people.err.wgAmbiguous", { value: name });
    else if (matches[0].archived) refuse("wgs", "people.err.wgArchived", { value: name });
    else if (!places.some((w) => w.id === matches[0].id)) places.push({ id: matches[0].id, name: matches[0].name, role });
  }
  const kindProblem = organization ? wgRoleProblem(organization.kind, role) : null;
  if (kindProblem) refuse("roles", kindProblem);
  return places;
}

async function planRow(viewer: Viewer, cells: PersonCells, found: Lookups, firstLineOf: Map<string, number>): Promise<Plan> {
  const errors = new Map<PeopleColumn, CellError>();
  const refuse: Refuse = (column, message, vars) => {
    if (!errors.has(column)) errors.set(column, { column, message, ...(vars ? { vars } : {}) });
  };
  const organization = organizationOf(viewer, cells.organization, found, refuse);
  const rank = rankOf(cells.rank);
  if (!rank) refuse("rank", "people.err.rankUnknown", { value: cells.rank });
  const roles = parseRoles(cells.roles);
  if (roles.problem) refuse("roles", roles.problem.message, roles.problem.vars);
  const wgs = wgPlacesOf(viewer, cells, roles, organization, found, refuse);
  const email = normalizeEmail(cells.email);
  const firstLine = firstLineOf.get(email.toLowerCase());
  if (email && firstLine !== undefined && firstLine !== cells.line) refuse("email", "people.err.emailDuplicate", { line: firstLine });

  // The single-user form's own rules, field by field, then its refusals (organization, role, address in use).
  const fields = {
    displayName: cells.name,
    displayNameKana: cells.kana,
    email,
    department: cells.department,
    organizationId: String(organization?.id ?? ""),
    rank: rank ?? "",
    role: roles.role ?? "member",
    orgAdmin: roles.orgAdmin ? "on" : "",
    accessUntil: "",
  };
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const parsed = parseUserForm(form);
  for (const [field, message] of Object.entries(parsed.errors ?? {})) if (message) refuse(COLUMN_OF_FIELD[field] ?? "roles", message);
  // Every cell's problem at once, so one round of fixing the file is enough: an address in use
  // even when the row has other errors, and the role checked as far as it is known.
  if (!errors.has("email") && await emailTaken(viewer.consortiumId, email)) refuse("email", "admin.users.emailTaken");
  let input: UserInput | null = null;
  if (organization) {
    const candidate: UserInput = parsed.data ?? {
      ...fields, rank: rank ?? DEFAULT_RANK, organizationId: organization.id, role: roles.role ?? "member", orgAdmin: roles.orgAdmin, accessUntil: null,
    };
    const refusal = await newUserRefusal(viewer, candidate);
    if (!refusal) input = parsed.data;
    else {
      for (const [field, message] of Object.entries(refusalErrors(refusal))) if (message) refuse(COLUMN_OF_FIELD[field] ?? "roles", message);
    }
  }

  return {
    line: cells.line,
    displayName: parsed.data?.displayName ?? cells.name,
    displayNameKana: parsed.data?.displayNameKana ?? cells.kana,
    email,
    department: parsed.data?.department ?? cells.department,
    rank,
    organizationName: organization?.name ?? null,
    organizationKind: organization?.kind ?? null,
    role: roles.role ?? "member",
    orgAdmin: roles.orgAdmin,
    wgs,
    errors: PEOPLE_COLUMNS.flatMap((c) => errors.get(c) ?? []),
    input: errors.size === 0 ? input : null,
  };
}

function refusalErrors(refusal: Refusal): FieldErrors {
  return refusal.kind === "not-found" ? { form: "error.forbidden.body" } : refusal.errors;
}

async function planAll(viewer: Viewer, rows: PersonCells[]): Promise<Plan[]> {
  const found = await lookups(viewer);
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const email = normalizeEmail(row.email).toLowerCase();
    if (email && !firstLineOf.has(email)) firstLineOf.set(email, row.line);
  }
  const plans: Plan[] = [];
  for (const row of rows) plans.push(await planRow(viewer, row, found, firstLineOf));
  return plans;
}

const shown = ({ input: _input, ...plan }: Plan): PersonPlan => plan;

/** Every row as it would be created, with its errors per cell; nothing is written. */
export async function previewPeople({ viewer, rows }: { viewer: Viewer; rows: PersonCells[] }): Promise<Result<{ people: PersonPlan[]; rowsWithErrors: number }>> {
  const refusal = importRefusal(viewer);
  if (refusal) return refusal;
  const plans = await planAll(viewer, rows);
  return ok({ people: plans.map(shown), rowsWithErrors: plans.filter((p) => p.errors.length).length });
}

export type Invited = { userId: number; displayName: string; email: string; organizationName: string };

/** Thrown inside the unit of work to roll it back when a row no longer passes. */
class RowRefused extends Error {}

/**
 * Creates everyone of the (re-checked) rows, or no one: one unit of work, an audit row per
 * account and WG place plus one for the import (ADR 025). A row that fails now (someone took
 * an address since the preview) refuses the whole import; the caller shows the preview again.
 */
export async function importPeople({ viewer, actor, rows, fileName }: { viewer: Viewer; actor: Actor; rows: PersonCells[]; fileName: string }): Promise<Result<{ invited: Invited[] }>> {
  const refusal = importRefusal(viewer);
  if (refusal) return refusal;
  if (rows.length === 0) return invalid({ form: "people.file.noRows" });
  // Checked before the write lock is taken; inside it, createUser and addWgMember check again
  // what may have changed since (an address taken, a WG gone), and any refusal undoes all.
  const plans = await planAll(viewer, rows);
  if (plans.some((p) => !p.input)) return invalid({ form: "people.import.changed" });
  try {
    return await write(async (tx) => {
      const invited: Invited[] = [];
      for (const plan of plans) {
        const created = await createUser({ viewer, actor, input: plan.input! });
        if (!created.ok) throw new RowRefused();
        for (const wg of plan.wgs) {
          const added = await addWgMember({ viewer, actor, wgId: wg.id, userId: created.userId, role: wg.role });
          if (!added.ok) throw new RowRefused();
        }
        invited.push({ userId: created.userId, displayName: plan.displayName, email: plan.email, organizationName: plan.organizationName ?? "" });
      }
      await audit(tx, actor, { action: "people.import", entityType: "user", after: { fileName, count: invited.length, userIds: invited.map((i) => i.userId) } });
      return ok({ invited });
    });
  } catch (error) {
    if (error instanceof RowRefused) return invalid({ form: "people.import.changed" });
    throw error;
  }
}

/**
 * Names to show in the help and the sample file: the viewer's own town for a town admin (the
 * only one they may name), else the first municipality; a WG only for the PMO, who places people in WGs.
 */
export async function importExamples({ viewer }: { viewer: Viewer }): Promise<Result<{ organization: string; wg: string; ownOrganization: string; placesInWgs: boolean }>> {
  const refusal = importRefusal(viewer);
  if (refusal) return refusal;
  const { organizations, workingGroups, own } = await lookups(viewer);
  const placesInWgs = can(viewer, "consortium.manage");
  const towns = [...organizations.values()].flat().filter((o) => o.kind === "municipality");
  const organization = placesInWgs ? (towns[0] ?? own)?.name ?? "" : own?.name ?? "";
  const wg = placesInWgs ? [...workingGroups.values()].flat().find((w) => !w.archived)?.name ?? "" : "";
  return ok({ organization, wg, ownOrganization: own?.name ?? "", placesInWgs });
}

// --- what the confirm button posts back -----------------------------------------------------

const cell = z.string().max(1000);
const rowSchema = z.object({ line: z.number().int().positive(), ...Object.fromEntries(PEOPLE_COLUMNS.map((c) => [c, cell])) } as { line: z.ZodNumber } & Record<PeopleColumn, typeof cell>);
const rowsSchema = z.array(rowSchema).min(1).max(MAX_PEOPLE_LINES);

/**
 * The rows the preview showed, as the page posts them back with 「登録する」 (a hidden field:
 * no copy of the file is kept between the two steps). They are checked again in full before
 * anything is written, so a changed field is no more than another file would be.
 */
export function parseConfirmedRows(json: unknown): PersonCells[] | null {
  if (typeof json !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = rowsSchema.safeParse(value);
  return parsed.success ? (parsed.data as PersonCells[]) : null;
}
