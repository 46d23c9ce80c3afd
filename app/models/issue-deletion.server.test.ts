// Deleting what was entered by mistake: an issue leaves every list, search and link and comes
// back whole within 30 days (then it is purged, its number still taken); an organization or a
// WG only when nothing refers to it; a label comes off its issues.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertDecision } from "../../db/factories/decision";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { addComment } from "./comment.server";
import { createIssue, getIssue, listIssues, parseIssueFilter, updateIssue } from "./issue.server";
import { deleteIssue, filesOfDeletedIssues, listDeletedIssues, purgeDeletedIssues, restoreIssue } from "./issue-deletion.server";
import { createLabel, deleteLabel, listLabels } from "./label-admin.server";
import { createOrganization, deleteOrganization } from "./organization-admin.server";
import { addWorkingGroup, deleteWorkingGroup } from "./working-group-admin.server";
import { search } from "./search.server";
import { actor, insertSmallConsortium, issueInput, viewerOf } from "./test-support";

let pmo: Viewer, lead: Viewer, vendor: Viewer;
let small: Awaited<ReturnType<typeof insertSmallConsortium>>;
const list = async (viewer: Viewer) => (await listIssues({ viewer, filter: parseIssueFilter(new URLSearchParams("status=all"), viewer), pageSize: 500 })).rows.map((r) => r.number);
const count = (table: typeof schema.comment | typeof schema.issueJournal | typeof schema.issueLabel | typeof schema.decisionIssue, issueId: number) =>
  db.$count(table, eq(table.issueId, issueId));

beforeAll(async () => {
  small = await insertSmallConsortium();
  [pmo, lead, vendor] = await Promise.all(["pmo@demo.renkei.jp", "lead@minamihama.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp"].map(viewerOf));
});

describe("deleting an issue", () => {
  let number: number;
  let issueId: number;

  it("takes it, its comments, history, labels and links out of everything", async () => {
    await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "誤登録", color: "#112233" } });
    const labelId = (await listLabels({ viewer: pmo }) as { labels: { id: number }[] }).labels[0].id;
    const created = await createIssue({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, input: issueInput({ title: "重複して登録した外字の課題", labelIds: [labelId], affectedOrgIds: [small.towns.kitagawa.id], vendorVisible: true }) });
    if (!created.ok) throw new Error("not created");
    number = created.number;
    const issue = (await getIssue({ viewer: pmo, number }))!;
    issueId = issue.id;
    await addComment({ viewer: pmo, actor: actor(pmo), issue, body: "二重登録のようです", internal: false, files: [] });
    await updateIssue({ viewer: pmo, actor: actor(pmo), number, input: issueInput({ title: "重複して登録した外字の課題", status: "対応中", labelIds: [labelId], affectedOrgIds: [small.towns.kitagawa.id], vendorVisible: true }) });
    await write((tx) => {
      const decision = insertDecision(tx, { consortiumId: small.consortium.id, projectId: small.project.id, wgId: small.wg.id, createdBy: small.users.lead.id, title: "外字の扱い" });
      tx.insert(schema.decisionIssue).values({ decisionId: decision.id, issueId, relation: "related" }).run();
      tx.insert(schema.attachment).values({ consortiumId: small.consortium.id, issueId, fileName: "外字一覧.pdf", mime: "application/pdf", size: 3, sha256: "a".repeat(64), uploadedBy: small.users.pmo.id }).run();
    });
    const before = { comments: await count(schema.comment, issueId), journal: await count(schema.issueJournal, issueId) };
    expect(before.comments).toBe(1);
    expect(before.journal).toBeGreaterThan(0);

    // Only the PMO deletes; to anyone else the action does not exist.
    expect(await deleteIssue({ viewer: lead, actor: actor(lead), number, reason: "誤登録" })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await deleteIssue({ viewer: pmo, actor: actor(pmo), number: 999_999, reason: "誤登録" })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await deleteIssue({ viewer: pmo, actor: actor(pmo), number, reason: "二重に登録したため" })).toEqual({ ok: true, number });

    for (const viewer of [pmo, lead, vendor]) {
      expect(await getIssue({ viewer, number })).toBeNull();
      expect(await list(viewer)).not.toContain(number);
      expect((await search({ viewer, q: "重複して登録" })).length).toBe(0);
    }
    expect(await count(schema.comment, issueId)).toBe(0);
    expect(await count(schema.decisionIssue, issueId)).toBe(0);
    // Its files stay on disk while it may come back (the orphan sweep keeps them).
    expect(await filesOfDeletedIssues()).toEqual(new Set(["a".repeat(64)]));
    const deleted = await listDeletedIssues({ viewer: pmo });
    expect(deleted).toMatchObject({ ok: true, issues: [{ number, title: "重複して登録した外字の課題", reason: "二重に登録したため", deletedBy: "佐藤 美咲" }] });
    expect(await listDeletedIssues({ viewer: lead })).toMatchObject({ ok: false, kind: "not-found" });
    const audit = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "issue.delete")).all();
    expect(audit).toHaveLength(1);

    // The number stays taken: the next issue gets the one after it.
    const next = await createIssue({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, input: issueInput({ title: "次の課題" }) });
    expect(next).toEqual({ ok: true, number: number + 1 });
    // An empty WG is deletable, this one is not while the deleted issue may come back.
    expect(await deleteWorkingGroup({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id })).toMatchObject({ ok: false, errors: { form: "deletion.wg.issues" } });
  });

  it("comes back whole when restored", async () => {
    expect(await restoreIssue({ viewer: lead, actor: actor(lead), number })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await restoreIssue({ viewer: pmo, actor: actor(pmo), number })).toEqual({ ok: true, number });
    const back = (await getIssue({ viewer: pmo, number }))!;
    expect(back).toMatchObject({ id: issueId, title: "重複して登録した外字の課題", status: "対応中" });
    expect(back.labels.map((l) => l.name)).toEqual(["誤登録"]);
    expect(back.towns.map((o) => o.name)).toEqual(["北川市"]);
    expect(await count(schema.comment, issueId)).toBe(1);
    expect(await count(schema.issueJournal, issueId)).toBeGreaterThan(0);
    expect(await count(schema.decisionIssue, issueId)).toBe(1);
    expect(await db.$count(schema.attachment, eq(schema.attachment.issueId, issueId))).toBe(1);
    expect(await getIssue({ viewer: vendor, number })).not.toBeNull();
    expect((await search({ viewer: pmo, q: "重複して登録" })).length).toBeGreaterThan(0);
    expect(await listDeletedIssues({ viewer: pmo })).toEqual({ ok: true, issues: [] });
    expect(await restoreIssue({ viewer: pmo, actor: actor(pmo), number })).toMatchObject({ ok: false, kind: "not-found" });
  });

  it("is purged after 30 days, and its number is still never reused", async () => {
    await deleteIssue({ viewer: pmo, actor: actor(pmo), number, reason: "やはり不要" });
    const later = Date.now() + 31 * 86_400_000;
    expect(await purgeDeletedIssues(Date.now())).toBe(0);
    expect(await purgeDeletedIssues(later)).toBe(1);
    expect(await listDeletedIssues({ viewer: pmo, now: later })).toEqual({ ok: true, issues: [] });
    expect(await restoreIssue({ viewer: pmo, actor: actor(pmo), number })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await filesOfDeletedIssues()).toEqual(new Set());
    const next = await createIssue({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, input: issueInput({ title: "その次の課題" }) });
    expect(next).toEqual({ ok: true, number: number + 2 });
  });
});

describe("deleting an organization, a WG, a label", () => {
  it("deletes an organization only while nothing refers to it", async () => {
    expect(await deleteOrganization({ viewer: pmo, actor: actor(pmo), organizationId: small.towns.kitagawa.id })).toMatchObject({ ok: false, errors: { form: "deletion.org.users" } });
    const made = await createOrganization({ viewer: pmo, actor: actor(pmo), input: { kind: "other", name: "誤って登録した団体", nameKana: "", lgCode: null, population: null } });
    if (!made.ok) throw new Error("not created");
    expect(await deleteOrganization({ viewer: lead, actor: actor(lead), organizationId: made.organizationId })).toMatchObject({ ok: false });
    expect(await deleteOrganization({ viewer: pmo, actor: actor(pmo), organizationId: made.organizationId })).toEqual({ ok: true, name: "誤って登録した団体" });
    expect(await db.$count(schema.organization, eq(schema.organization.id, made.organizationId))).toBe(0);
  });

  it("deletes an empty WG with its memberships", async () => {
    const made = await addWorkingGroup({ viewer: pmo, actor: actor(pmo), projectId: small.project.id, input: { name: "試しに作ったWG", description: "" } });
    if (!made.ok) throw new Error("not created");
    await write((tx) => tx.insert(schema.wgMembership).values({ wgId: made.wgId, userId: small.users.staff.id, role: "member" }).run());
    expect(await deleteWorkingGroup({ viewer: pmo, actor: actor(pmo), wgId: made.wgId })).toEqual({ ok: true, name: "試しに作ったWG", projectId: small.project.id });
    expect(await db.$count(schema.wgMembership, eq(schema.wgMembership.wgId, made.wgId))).toBe(0);
  });

  it("deletes a label from every issue that has it", async () => {
    const labels = (await listLabels({ viewer: pmo }) as { labels: { id: number; name: string }[] }).labels;
    const labelId = labels.find((l) => l.name === "誤登録")!.id;
    expect(await deleteLabel({ viewer: lead, actor: actor(lead), labelId })).toMatchObject({ ok: false });
    expect(await deleteLabel({ viewer: pmo, actor: actor(pmo), labelId })).toEqual({ ok: true, name: "誤登録" });
    expect(await db.$count(schema.issueLabel, eq(schema.issueLabel.labelId, labelId))).toBe(0);
  });
});
