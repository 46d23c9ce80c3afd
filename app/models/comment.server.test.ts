// The issue timeline: what the history lines may say (a carry-over names its meeting only to
// those who may see the meeting; an edit of the text carries no text).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORY_NOW, insertIssue, insertMeeting, insertRow } from "../../db/factories";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { issueTimeline, type TimelinePostponement } from "./comment.server";
import { getIssue, updateIssue } from "./issue.server";
import { actor, insertSmallConsortium, viewerOf } from "./test-support";

const DAY = 86_400_000;
let staff: Viewer, vendor: Viewer;
let wgId: number;
const meetingByTitle = (title: string) => db.select().from(schema.meeting).where(eq(schema.meeting.title, title)).get()!;
const carryOvers = async (viewer: Viewer, issueId: number) =>
  (await issueTimeline({ viewer, issueId })).filter((e): e is TimelinePostponement => e.kind === "postponement" && e.via === "meeting");

// Two meetings of the vendor's WG, the earlier shared with vendors and the later not; a shared
// issue carried over by both (each reason names its meeting); an issue not shared with vendors.
beforeAll(async () => {
  const { consortium, project, wg, users } = await insertSmallConsortium();
  wgId = wg.id;
  await write((tx) => {
    const consortiumId = consortium.id;
    const meeting = (n: number, vendorVisible: boolean, startsAt: number) =>
      insertMeeting(tx, { consortiumId, projectId: project.id, wgId, title: `住民記録WG 第${n}回定例会`, vendorVisible, startsAt, createdBy: users.lead.id });
    const fifth = meeting(5, true, FACTORY_NOW - 35 * DAY);
    const sixth = meeting(6, false, FACTORY_NOW - 7 * DAY);
    const carried = insertIssue(tx, {
      consortiumId, wgId, createdBy: users.lead.id, title: "外字の同定方針", vendorVisible: true, carryOverCount: 2, createdAt: FACTORY_NOW - 60 * DAY,
    });
    for (const m of [fifth, sixth]) {
      insertRow(tx, schema.issuePostponement, {
        issueId: carried.id, kind: "meeting", meetingId: m.id, reason: `${m.title}で結論に至らず、次回へ持ち越し`, userId: users.lead.id, createdAt: m.endsAt!,
      });
    }
    insertIssue(tx, { consortiumId, wgId, createdBy: users.staff.id, title: "証明書交付手数料の統一", body: "各団体の手数料条例を比較する。" });
  });
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
});

describe("carry-overs in the timeline", () => {
  it("a shared issue carried over by an unshared meeting does not name the meeting to the vendor", async () => {
    const hidden = meetingByTitle("住民記録WG 第6回定例会");
    const shown = meetingByTitle("住民記録WG 第5回定例会");
    expect([hidden.vendorVisible, shown.vendorVisible]).toEqual([false, true]);
    // A shared issue that stayed open through both meetings.
    const issue = db
      .select({ id: schema.issue.id })
      .from(schema.issue)
      .innerJoin(schema.issuePostponement, eq(schema.issuePostponement.issueId, schema.issue.id))
      .where(and(eq(schema.issue.vendorVisible, true), eq(schema.issue.wgId, hidden.wgId!), eq(schema.issuePostponement.meetingId, hidden.id)))
      .all()
      .find((i) => db.select().from(schema.issuePostponement).where(and(eq(schema.issuePostponement.issueId, i.id), eq(schema.issuePostponement.meetingId, shown.id))).get())!;
    expect(issue).toBeDefined();

    const forVendor = await carryOvers(vendor, issue.id);
    expect(forVendor).toHaveLength(2);
    expect(forVendor.map((p) => p.meeting)).toEqual([{ id: shown.id, title: shown.title }, null]);
    // Nothing of the hidden meeting is loaded: not its title, nor a reason naming it.
    const data = JSON.stringify(await issueTimeline({ viewer: vendor, issueId: issue.id }));
    expect(data).not.toContain(hidden.title);
    expect(forVendor[1].reason).toBe("");

    expect((await carryOvers(staff, issue.id)).map((p) => p.meeting?.title)).toEqual([shown.title, hidden.title]);
  });
});

describe("field changes in the timeline", () => {
  it("an edit of the text says 内容を更新 without carrying the earlier or later text", async () => {
    const pmo = await viewerOf("pmo@demo.renkei.jp");
    const hidden = db.select().from(schema.issue).where(and(eq(schema.issue.wgId, wgId), eq(schema.issue.vendorVisible, false))).get()!;
    const current = (await getIssue({ viewer: pmo, number: hidden.number }))!;
    const input = {
      title: current.title, body: "団体間で調整中の単価（事業者には伏せる）", type: current.type, status: current.status, priority: current.priority,
      assigneeId: current.assigneeId, ballHolderOrgId: current.ballHolderOrgId, dueOn: current.dueOn, affectedOrgIds: current.towns.map((t) => t.id),
      labelIds: current.labels.map((l) => l.id), vendorVisible: false, postponeReason: undefined,
    };
    expect(await updateIssue({ viewer: pmo, actor: actor(pmo), number: hidden.number, input })).toMatchObject({ ok: true });
    // Then the text is rewritten for the vendor and the issue shared.
    expect(await updateIssue({ viewer: pmo, actor: actor(pmo), number: hidden.number, input: { ...input, body: "共有する内容", vendorVisible: true } })).toMatchObject({ ok: true });
    const timeline = await issueTimeline({ viewer: vendor, issueId: hidden.id });
    const bodyChanges = timeline.flatMap((e) => (e.kind === "change" ? e.changes : [])).filter((c) => c.field === "body");
    expect(bodyChanges.length).toBeGreaterThanOrEqual(2);
    expect(bodyChanges.every((c) => c.from === null && c.to === null)).toBe(true);
    expect(JSON.stringify(timeline)).not.toContain("事業者には伏せる");
  });
});
