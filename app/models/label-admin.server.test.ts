// The consortium's labels: the PMO's alone; names unique per consortium; archive keeps a label
// on its issues; a merge moves its issues (one label each) and deletes it; the starter set once.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { addStarterLabels, createLabel, listLabels, mergeLabel, setLabelArchived, STARTER_LABELS, updateLabel } from "./label-admin.server";
import { createIssue, updateIssue } from "./issue.server";
import { actor, insertIssueNow, insertSmallConsortium, issueInput, viewerOf } from "./test-support";

let pmo: Viewer, lead: Viewer;
let small: Awaited<ReturnType<typeof insertSmallConsortium>>;
const labelsNow = async () => {
  const result = await listLabels({ viewer: pmo });
  if (!result.ok) throw new Error("refused");
  return result.labels;
};
const idOf = async (name: string) => (await labelsNow()).find((l) => l.name === name)!.id;

beforeAll(async () => {
  small = await insertSmallConsortium();
  [pmo, lead] = await Promise.all(["pmo@demo.renkei.jp", "lead@minamihama.demo.renkei.jp"].map(viewerOf));
});

describe("labels", () => {
  it("are managed by the PMO only", async () => {
    expect(await listLabels({ viewer: lead })).toMatchObject({ ok: false });
    expect(await createLabel({ viewer: lead, actor: actor(lead), input: { name: "外字", color: "#000000" } })).toMatchObject({ ok: false });
    expect(await addStarterLabels({ viewer: lead, actor: actor(lead) })).toMatchObject({ ok: false });
  });

  it("are created with unique names, renamed and recoloured", async () => {
    expect(await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "外字", color: "#112233" } })).toEqual({ ok: true, name: "外字" });
    expect(await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "外字", color: "#112233" } })).toMatchObject({ ok: false, errors: { name: "labels.nameTaken" } });
    await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "様式", color: "#445566" } });
    expect(await updateLabel({ viewer: pmo, actor: actor(pmo), labelId: await idOf("様式"), input: { name: "外字", color: "#445566" } })).toMatchObject({ ok: false, errors: { name: "labels.nameTaken" } });
    expect(await updateLabel({ viewer: pmo, actor: actor(pmo), labelId: await idOf("様式"), input: { name: "帳票様式", color: "#abcdef" } })).toEqual({ ok: true, name: "帳票様式" });
    expect((await labelsNow()).map((l) => [l.name, l.color])).toEqual([["外字", "#112233"], ["帳票様式", "#abcdef"]]);
    expect(await updateLabel({ viewer: pmo, actor: actor(pmo), labelId: 999_999, input: { name: "x", color: "#000000" } })).toMatchObject({ ok: false, kind: "not-found" });
  });

  it("archive, restore and merge keep the issues' labels", async () => {
    const gaiji = await idOf("外字");
    const form = await idOf("帳票様式");
    const base = { consortiumId: small.consortium.id, wgId: small.wg.id, createdBy: small.users.staff.id };
    const one = await insertIssueNow({ ...base, number: 1, title: "外字の同定" });
    const two = await insertIssueNow({ ...base, number: 2, title: "様式の統一" });
    await write((tx) => tx.insert(schema.issueLabel).values([{ issueId: one.id, labelId: gaiji }, { issueId: one.id, labelId: form }, { issueId: two.id, labelId: form }]).run());
    expect(await setLabelArchived({ viewer: pmo, actor: actor(pmo), labelId: form, archived: true })).toEqual({ ok: true, name: "帳票様式" });
    expect((await labelsNow()).find((l) => l.id === form)).toMatchObject({ archived: true, issues: 2 });
    await setLabelArchived({ viewer: pmo, actor: actor(pmo), labelId: form, archived: false });
    expect(await mergeLabel({ viewer: pmo, actor: actor(pmo), labelId: form, intoId: form })).toMatchObject({ ok: false, errors: { intoId: "labels.mergeSame" } });
    expect(await mergeLabel({ viewer: pmo, actor: actor(pmo), labelId: form, intoId: gaiji })).toEqual({ ok: true, name: "外字" });
    expect(db.select().from(schema.issueLabel).where(eq(schema.issueLabel.labelId, gaiji)).all().map((r) => r.issueId).sort()).toEqual([one.id, two.id].sort());
    expect(await labelsNow()).toHaveLength(1);
  });

  it("an archived label is not put on an issue anew, and stays on an issue that has it", async () => {
    await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "旧区分", color: "#000000" } });
    const old = await idOf("旧区分");
    const made = await createIssue({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, input: issueInput({ labelIds: [old] }) });
    if (!made.ok) throw new Error(JSON.stringify(made));
    await setLabelArchived({ viewer: pmo, actor: actor(pmo), labelId: old, archived: true });
    expect(await createIssue({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, input: issueInput({ labelIds: [old] }) })).toMatchObject({ ok: false, errors: { labelIds: "issues.labelsInvalid" } });
    expect(await updateIssue({ viewer: pmo, actor: actor(pmo), number: made.number, input: issueInput({ title: "題名を直す", labelIds: [old] }) })).toMatchObject({ ok: true });
  });

  it("adds the starter set once, skipping names the consortium has", async () => {
    await createLabel({ viewer: pmo, actor: actor(pmo), input: { name: "手作業", color: "#000000" } });
    expect(await addStarterLabels({ viewer: pmo, actor: actor(pmo) })).toEqual({ ok: true, added: STARTER_LABELS.length - 1 });
    expect(await addStarterLabels({ viewer: pmo, actor: actor(pmo) })).toEqual({ ok: true, added: 0 });
  });
});
