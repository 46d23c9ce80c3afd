// A town admin (団体管理者) manages only their own town's staff; the PMO manages everyone.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { forbidden, notFound } from "~/domain/result";
import { actor, insertDemoPeople, insertSmallConsortium, viewerOf, personOf } from "./test-support";
import { createUser, getManagedUser, issueResetLink, listUsers, setUserActive, updateUser, type UserInput } from "./user-admin.server";

const byEmail = personOf;
let pmo: Viewer, minamihamaAdmin: Viewer, kitagawaAdmin: Viewer;
/** 北川市: the organization a new user lands in unless a test says otherwise. */
let kitagawa: number;

function input(overrides: Partial<UserInput>): UserInput {
  return {
    email: "new@example.lg.jp",
    displayName: "新人 一郎",
    displayNameKana: "しんじん いちろう",
    department: "総務課",
    rank: "担当者",
    organizationId: kitagawa,
    orgAdmin: false,
    role: "member",
    accessUntil: null,
    ...overrides,
  };
}

beforeAll(async () => {
  const { consortium, towns } = await insertSmallConsortium();
  kitagawa = towns.kitagawa.id;
  // Kitagawa's town admin, and a second Minamihama account so the town admin's list holds more than themselves.
  await write((tx) => insertDemoPeople(tx, consortium.id, ["admin@kitagawa.demo.renkei.jp", "staff@minamihama.demo.renkei.jp"]));
  pmo = await viewerOf("pmo@demo.renkei.jp");
  minamihamaAdmin = await viewerOf("lead@minamihama.demo.renkei.jp");
  kitagawaAdmin = await viewerOf("admin@kitagawa.demo.renkei.jp");
});

describe("town admin scope", () => {
  it("lists only their own town's users; the PMO lists everyone", async () => {
    const own = await listUsers({ viewer: minamihamaAdmin });
    expect(own.length).toBeGreaterThan(1);
    expect(new Set(own.map((u) => u.organizationName))).toEqual(new Set(["南浜町"]));
    expect((await listUsers({ viewer: pmo })).length).toBeGreaterThan(own.length);
  });

  it("cannot read, edit, deactivate or reset another town's user", async () => {
    const kitagawa = byEmail("staff@kitagawa.demo.renkei.jp");
    expect(await getManagedUser({ viewer: minamihamaAdmin, userId: kitagawa.id })).toBeNull();
    expect(await updateUser({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), userId: kitagawa.id, input: input({ email: kitagawa.email }) })).toEqual(notFound());
    expect(await setUserActive({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), userId: kitagawa.id, active: false })).toEqual(notFound());
    expect(await issueResetLink({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), userId: kitagawa.id })).toEqual(notFound());
    expect(byEmail("staff@kitagawa.demo.renkei.jp").active).toBe(true);
  });

  it("cannot create a user in another town, nor hand out consortium roles", async () => {
    const refused = await createUser({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), input: input({ email: "x1@example.lg.jp", organizationId: kitagawa }) });
    expect(refused).toEqual({ ok: false, kind: "invalid", errors: { organizationId: "admin.users.organizationInvalid" } });
    for (const role of ["pmo", "executive"] as const) {
      const own = input({ email: "x2@example.lg.jp", organizationId: minamihamaAdmin.organizationId, role });
      expect(await createUser({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), input: own })).toEqual({ ok: false, kind: "forbidden", errors: { form: "admin.users.roleNotAssignable" } });
    }
    expect(db.select().from(schema.account).where(eq(schema.account.email, "x2@example.lg.jp")).get()).toBeUndefined();
    const created = await createUser({ viewer: minamihamaAdmin, actor: actor(minamihamaAdmin), input: input({ email: "x2@example.lg.jp", organizationId: minamihamaAdmin.organizationId }) });
    expect(created.ok).toBe(true);
    const role = db.select().from(schema.consortiumRole).where(eq(schema.consortiumRole.userId, created.ok ? created.userId : 0)).get();
    expect(role?.role).toBe("member");
  });

  it("the PMO can create a user anywhere with any role; the e-mail must be unique", async () => {
    const created = await createUser({ viewer: pmo, actor: actor(pmo), input: input({ email: "Exec2@Example.lg.jp", role: "executive" }) });
    expect(created.ok).toBe(true);
    const dup = await createUser({ viewer: pmo, actor: actor(pmo), input: input({ email: "exec2@example.lg.jp" }) });
    expect(dup).toEqual({ ok: false, kind: "invalid", errors: { email: "admin.users.emailTaken" } });
  });

  it("every change is audited in the same transaction", () => {
    const rows = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "user.create")).all();
    expect(rows.length).toBe(2);
    expect(rows[0].actorOrgId).toBe(minamihamaAdmin.organizationId);
  });
});

describe("a town admin's ceiling: their own level", () => {
  it("cannot take over a PMO or leadership account of their own town: no link, no stop, no edit", async () => {
    for (const role of ["pmo", "executive"] as const) {
      const email = `${role}@kitagawa.example.lg.jp`;
      const made = await createUser({ viewer: pmo, actor: actor(pmo), input: input({ email, organizationId: kitagawaAdmin.organizationId, role }) });
      if (!made.ok) throw new Error("create failed");
      const id = made.userId;
      const tokens = () => db.select().from(schema.accountToken).where(eq(schema.accountToken.userId, id)).all().length;
      const tokensBefore = tokens();

      // They stay in the town's list, marked as not the town admin's to manage.
      expect(await getManagedUser({ viewer: kitagawaAdmin, userId: id })).toMatchObject({ id, role, mayManage: false });
      expect((await listUsers({ viewer: kitagawaAdmin })).find((u) => u.id === id)).toMatchObject({ role, mayManage: false });
      expect(await issueResetLink({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: id })).toEqual(forbidden("admin.users.managedByPmo"));
      expect(await setUserActive({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: id, active: false })).toEqual(forbidden("admin.users.managedByPmo"));
      const edit = input({ email: `taken-${role}@example.lg.jp`, organizationId: kitagawaAdmin.organizationId, orgAdmin: true });
      expect(await updateUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: id, input: edit })).toEqual({ ok: false, kind: "forbidden", errors: { form: "admin.users.managedByPmo" } });

      expect(byEmail(email)).toMatchObject({ active: true, orgAdmin: false, displayName: "新人 一郎" });
      expect(tokens()).toBe(tokensBefore);
      const byTownAdmin = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.entityId, String(id))).all().filter((a) => a.actorId === kitagawaAdmin.userId);
      expect(byTownAdmin).toEqual([]);
      // The PMO still can.
      expect((await getManagedUser({ viewer: pmo, userId: id }))?.mayManage).toBe(true);
      expect(await issueResetLink({ viewer: pmo, actor: actor(pmo), userId: id })).toEqual({ ok: true, token: expect.any(String) });
    }
  });

  it("manages member accounts of their own town, other town admins included", async () => {
    const made = await createUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), input: input({ email: "admin2@kitagawa.example.lg.jp", organizationId: kitagawaAdmin.organizationId, orgAdmin: true }) });
    if (!made.ok) throw new Error("create failed");
    expect((await getManagedUser({ viewer: kitagawaAdmin, userId: made.userId }))?.mayManage).toBe(true);
    expect(await issueResetLink({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: made.userId })).toEqual({ ok: true, token: expect.any(String) });
  });

  it("cannot raise a town account to PMO or leadership, nor move it to another organization", async () => {
    const staff = byEmail("staff@kitagawa.demo.renkei.jp");
    const own = { email: staff.email, displayName: staff.displayName, organizationId: kitagawaAdmin.organizationId };
    for (const role of ["pmo", "executive"] as const) {
      expect(await updateUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: staff.id, input: input({ ...own, role }) })).toEqual({ ok: false, kind: "forbidden", errors: { form: "admin.users.roleNotAssignable" } });
    }
    expect(await updateUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: staff.id, input: input({ ...own, organizationId: minamihamaAdmin.organizationId }) })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { organizationId: "admin.users.organizationInvalid" },
    });
    expect(byEmail(staff.email).organizationId).toBe(kitagawaAdmin.organizationId);
    expect(db.select().from(schema.consortiumRole).where(eq(schema.consortiumRole.userId, staff.id)).get()?.role).toBe("member");
  });

  it("a town admin cannot move their own 利用期限, set by the PMO", async () => {
    const self = byEmail("admin@kitagawa.demo.renkei.jp");
    const own = { email: self.email, displayName: self.displayName, organizationId: self.organizationId, orgAdmin: true };
    expect((await updateUser({ viewer: pmo, actor: actor(pmo), userId: self.id, input: input({ ...own, accessUntil: "2027-03-31" }) }))?.ok).toBe(true);
    expect(await updateUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: self.id, input: input({ ...own, accessUntil: "2030-12-31" }) })).toEqual({ ok: false, kind: "forbidden", errors: { accessUntil: "admin.users.ownAccessUntil" } });
    expect(byEmail("admin@kitagawa.demo.renkei.jp").accessUntil).toBe("2027-03-31");
    expect((await updateUser({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), userId: self.id, input: input({ ...own, displayName: "北川 管理者", accessUntil: "2027-03-31" }) }))?.ok).toBe(true);
  });
});

describe("guest rule", () => {
  it("a user in WGs cannot be moved between a vendor and a town", async () => {
    const vendorUser = byEmail("vendor@vendor-a.demo.renkei.jp");
    const result = await updateUser({
      viewer: pmo,
      actor: actor(pmo),
      userId: vendorUser.id,
      input: input({ email: vendorUser.email, organizationId: kitagawa, displayName: vendorUser.displayName }),
    });
    expect(result).toEqual({ ok: false, kind: "invalid", errors: { organizationId: "admin.users.organizationKindLocked" } });
    expect(byEmail("vendor@vendor-a.demo.renkei.jp").organizationId).toBe(vendorUser.organizationId);
  });
});
