// Who is notified of what (issue 8), against a small consortium: mentions, watchers,
// the ball, assignment, settings, de-duplication, visibility (vendors never hear of
// internal memos or hidden issues; a now-hidden item disappears from the inbox), the
// due-date job, minutes awaiting confirmation and the daily run.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FACTORY_NOW, insertDecision, insertReport, insertWgMembership } from "../../db/factories";
import { runDailyJobs } from "~/jobs/daily.server";
import { composeDigest, groupByProject } from "~/jobs/mail/compose.server";
import { addDays, todayInJapan } from "~/utils/dates";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { addComment } from "./comment.server";
import { createIssue, updateIssue, getIssue, type IssueInput } from "./issue.server";
import { listNotifications, markRead, unreadCount } from "./inbox.server";
import { mentionedUsers, notifyDueIssues, notifyInvitationAccepted, notifyReportPublished, notifyStanceRequested } from "./notification.server";
import { saveNotificationSettings } from "./notification-settings.server";
import { setWatching, watchState } from "./watching.server";
import { actor, insertDemoPeople, insertSmallConsortium, issueInput, userId, viewerOf } from "./test-support";

const inbox = (v: Viewer) => listNotifications({ viewer: v });
const rowsFor = async (email: string) => db.select().from(schema.notification).where(eq(schema.notification.userId, await userId(email))).all();
const outboxFor = (email: string) => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, email)).all();
/** 住民記録WG and its project, where every issue and meeting of this file lives. */
let JUMIN: number, projectId: number;

let pmo: Viewer, kStaff: Viewer, mLead: Viewer, vendor: Viewer, mStaff: Viewer;

const input = (overrides: Partial<IssueInput> = {}) => issueInput({ title: "通知テストの課題", vendorVisible: true, ...overrides });

async function newIssue(by: Viewer, overrides: Partial<IssueInput> = {}) {
  const result = await createIssue({ viewer: by, actor: actor(by), wgId: JUMIN, input: input(overrides) });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return (await getIssue({ viewer: pmo, number: result.number }))!;
}

async function comment(by: Viewer, issue: { id: number; wgId: number; vendorVisible: boolean }, body: string, internal = false) {
  return addComment({ viewer: by, actor: actor(by), issue, body, internal, files: [] });
}

beforeAll(async () => {
  const { consortium, project, wg, towns, users } = await insertSmallConsortium();
  [JUMIN, projectId] = [wg.id, project.id];
  // A second Minamihama member of the WG (to mention, to silence), a decision both towns take part
  // in (asked for a stance) and a published report (its publication told by rank).
  await write((tx) => {
    const { "staff@minamihama.demo.renkei.jp": mStaffRow } = insertDemoPeople(tx, consortium.id, ["staff@minamihama.demo.renkei.jp"]);
    insertWgMembership(tx, { wgId: wg.id, userId: mStaffRow.id });
    const ids = { consortiumId: consortium.id, projectId: project.id, createdBy: users.pmo.id };
    insertDecision(tx, { ...ids, status: "協議中", organizationIds: [towns.kitagawa.id, towns.minamihama.id] });
    insertReport(tx, { ...ids, period: "2026-10", status: "公開", publishedAt: FACTORY_NOW });
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  kStaff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  mLead = await viewerOf("lead@minamihama.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
  mStaff = await viewerOf("staff@minamihama.demo.renkei.jp");
});

beforeEach(async () => {
  await write((tx) => tx.delete(schema.notification).run());
  await write((tx) => tx.delete(schema.emailOutbox).run());
  await write((tx) => tx.delete(schema.notificationSetting).run());
});

describe("mentions and watchers", () => {
  it("finds mentions by the compact display name, the longest handle first", async () => {
    const ids = await mentionedUsers(db, mLead, JUMIN, "@高橋健太 さん、@佐々木拓也 さん確認をお願いします。@存在しない人");
    expect(ids.sort()).toEqual([kStaff.userId, mStaff.userId].sort());
    // Vendor guests are not among the people one can mention (as in the comment box).
    expect(await mentionedUsers(db, mLead, JUMIN, "@伊藤大輔 さん")).toEqual([]);
    expect(await mentionedUsers(db, mLead, JUMIN, "メンションなし")).toEqual([]);
  });

  it("a mention notifies the mentioned user once (not also as a watcher) and never the actor", async () => {
    const issue = await newIssue(kStaff); // the author watches
    await comment(mLead, issue, "@高橋健太 さん、ご確認ください。");
    const mine = await inbox(kStaff);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "mentioned", reason: "notifications.reason.mentioned", url: `/issues/${issue.number}` });
    expect(await rowsFor("lead@minamihama.demo.renkei.jp")).toHaveLength(0);
    // The commenter now watches: the author's reply reaches them as a comment on a watched issue.
    await comment(kStaff, issue, "承知しました。");
    expect((await inbox(mLead)).map((n) => n.kind)).toEqual(["comment"]);
    expect(await rowsFor("staff@kitagawa.demo.renkei.jp")).toHaveLength(1);
  });

  it("a vendor is never notified of an internal memo, even when watching", async () => {
    const issue = await newIssue(pmo, { vendorVisible: true });
    expect(await setWatching({ viewer: vendor, entityType: "issue", entityId: issue.id, watching: true })).toBe(true);
    await comment(mLead, issue, "@伊藤大輔 さんには内緒のメモ", true);
    expect(await rowsFor("vendor@vendor-a.demo.renkei.jp")).toHaveLength(0);
    // …but an ordinary comment on the shared issue reaches them.
    await comment(mLead, issue, "@伊藤大輔 さん、仕様をご確認ください。");
    expect((await inbox(vendor)).map((n) => n.kind)).toEqual(["comment"]);
  });

  it("a vendor is never notified about an issue not shared with vendors", async () => {
    const issue = await newIssue(pmo, { vendorVisible: false });
    expect(await setWatching({ viewer: vendor, entityType: "issue", entityId: issue.id, watching: true })).toBe(false); // cannot even watch it
    await write((tx) => tx.insert(schema.watcher).values({ userId: vendor.userId, entityType: "issue", entityId: issue.id }).run()); // a stale row
    await comment(mLead, issue, "@伊藤大輔 内部の議論");
    expect(await rowsFor("vendor@vendor-a.demo.renkei.jp")).toHaveLength(0);
  });

  it("a notification about an item that becomes hidden disappears from the inbox and the count", async () => {
    const issue = await newIssue(pmo, { vendorVisible: true });
    await setWatching({ viewer: vendor, entityType: "issue", entityId: issue.id, watching: true });
    await comment(mLead, issue, "伊藤さん、ご確認ください。");
    expect(await unreadCount(vendor)).toBe(1);
    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ title: issue.title, vendorVisible: false }) });
    expect(await unreadCount(vendor)).toBe(0);
    expect(await inbox(vendor)).toHaveLength(0);

  });

  it("manual unwatch sticks: automatic watching does not undo it", async () => {
    const issue = await newIssue(kStaff);
    expect((await watchState(kStaff, "issue", issue.id)).watching).toBe(true);
    await setWatching({ viewer: kStaff, entityType: "issue", entityId: issue.id, watching: false });
    await comment(mLead, issue, "コメントします");
    expect(await rowsFor("staff@kitagawa.demo.renkei.jp")).toHaveLength(0);
    expect(await watchState(kStaff, "issue", issue.id)).toMatchObject({ watching: false });
  });
});

describe("assignment and the ball", () => {
  it("the assignee and the ball-holding town's WG members are told, and watch", async () => {
    const mina = db.select().from(schema.organization).where(eq(schema.organization.name, "南浜町")).get()!.id;
    const issue = await newIssue(pmo);
    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ title: issue.title, assigneeId: kStaff.userId, ballHolderOrgId: mina }) });
    expect((await inbox(kStaff)).map((n) => n.kind)).toEqual(["assigned"]);
    const lead = await inbox(mLead);
    expect(lead.map((n) => n.kind)).toEqual(["ball"]);
    expect(lead[0].reason).toBe("notifications.reason.ball");
    expect((await watchState(mLead, "issue", issue.id)).watching).toBe(true);
    // The vendor is not a member of the town: not told.
    expect(await rowsFor("vendor@vendor-a.demo.renkei.jp")).toHaveLength(0);
    // A later status change reaches the watchers (not the actor).
    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ title: issue.title, assigneeId: kStaff.userId, ballHolderOrgId: mina, status: "対応中" }) });
    expect((await inbox(kStaff)).map((n) => n.kind)).toEqual(["watched", "assigned"]);
    expect(await rowsFor("pmo@demo.renkei.jp")).toHaveLength(0);
  });
});

describe("the ball with a vendor", () => {
  it("a question put to the vendor reaches the vendor's guests, but only on a shared issue", async () => {
    const shared = await newIssue(pmo, { vendorVisible: true });
    const hidden = await newIssue(pmo, { vendorVisible: false });
    for (const issue of [shared, hidden]) {
      await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ title: issue.title, vendorVisible: issue.vendorVisible, ballHolderOrgId: vendor.organizationId }) });
    }
    const got = await inbox(vendor);
    expect(got.map((n) => [n.kind, n.url])).toEqual([["ball", `/issues/${shared.number}`]]);
    await comment(mLead, hidden, "非公開の課題へのコメント");
    expect(await inbox(vendor)).toHaveLength(1);
  });
});

describe("settings and e-mail", () => {
  it("immediate mails at once, digest waits, inapp sends no mail, off is silent", async () => {
    const issue = await newIssue(pmo);
    await saveNotificationSettings({ viewer: kStaff, modes: { mentioned: "digest" } });
    await saveNotificationSettings({ viewer: mStaff, modes: { mentioned: "off" } });
    await comment(pmo, issue, "@高橋健太 @佐々木拓也 @田中由美 確認お願いします");
    expect((await rowsFor("staff@kitagawa.demo.renkei.jp"))[0].emailState).toBe("digest");
    expect(outboxFor("staff@kitagawa.demo.renkei.jp")).toHaveLength(0);
    expect(await rowsFor("staff@minamihama.demo.renkei.jp")).toHaveLength(0);
    const mail = outboxFor("lead@minamihama.demo.renkei.jp");
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe(`【Renkei】メンション: #${issue.number} 通知テストの課題`);
    // The link names the consortium: the recipient may work in several (ADR 029).
    expect(mail[0].text).toContain(`http://localhost:3000/c/${pmo.consortiumId}/issues/${issue.number}`);
    expect(mail[0].text).toContain("このメールをお送りした理由: あなたがメンションされました");
    await saveNotificationSettings({ viewer: mLead, modes: { mentioned: "inapp" } });
    await comment(pmo, issue, "@田中由美 もう一度");
    expect(outboxFor("lead@minamihama.demo.renkei.jp")).toHaveLength(1);
    expect(await rowsFor("lead@minamihama.demo.renkei.jp")).toHaveLength(2);
  });

  it("mail follows each recipient's language: English for who chose it, Japanese for the rest", async () => {
    const issue = await newIssue(pmo);
    await write((tx) => tx.update(schema.account).set({ locale: "en" }).where(eq(schema.account.id, mLead.accountId)).run());
    try {
      await comment(kStaff, issue, "@田中由美 @佐々木拓也 ご確認ください");
    } finally {
      await write((tx) => tx.update(schema.account).set({ locale: "ja" }).where(eq(schema.account.id, mLead.accountId)).run());
    }
    const [en] = outboxFor("lead@minamihama.demo.renkei.jp");
    expect(en.subject).toBe(`[Renkei] Mention: #${issue.number} 通知テストの課題`);
    expect(en.text).toContain("mentioned you in a comment.");
    expect(en.text).toContain("Why you are receiving this e-mail: You were mentioned");
    expect(en.html).toContain('<html lang="en">');
    const [ja] = outboxFor("staff@minamihama.demo.renkei.jp");
    expect(ja.subject).toBe(`【Renkei】メンション: #${issue.number} 通知テストの課題`);
    expect(ja.text).toContain("さんがコメントであなたをメンションしました。");
  });

  it("mark read and all read", async () => {
    const issue = await newIssue(pmo);
    await comment(mLead, issue, "@高橋健太 一件目");
    await comment(mLead, issue, "@高橋健太 二件目");
    const [first] = await inbox(kStaff);
    await markRead({ viewer: kStaff, ids: [first.id] });
    expect(await unreadCount(kStaff)).toBe(1);
    // Someone else's ids are ignored.
    expect(await markRead({ viewer: mLead, ids: [(await inbox(kStaff))[1].id] })).toBe(0);
    await markRead({ viewer: kStaff, ids: "all" });
    expect(await unreadCount(kStaff)).toBe(0);
  });
});

describe("scheduled notifications", () => {
  it("due tomorrow and overdue reach the assignee once, however often the job runs", async () => {
    const today = todayInJapan();
    const soon = await newIssue(pmo, { assigneeId: kStaff.userId, dueOn: addDays(today, 1) });
    const late = await newIssue(pmo, { assigneeId: kStaff.userId, dueOn: addDays(today, -1) });
    await write((tx) => tx.delete(schema.notification).run());
    await write((tx) => notifyDueIssues(tx, today));
    await write((tx) => notifyDueIssues(tx, today));
    const due = (await inbox(kStaff)).filter((n) => n.kind === "due" && [soon.id, late.id].includes(Number(n.entityId)));
    expect(due.map((n) => n.url).sort()).toEqual([`/issues/${soon.number}`, `/issues/${late.number}`].sort());
    expect(due.map((n) => n.title)).toHaveLength(2);
  });

  it("minutes awaiting confirmation reach the participating towns' people", async () => {
    const { createMeeting } = await import("./meeting.server");
    const { closeMeeting, startMeeting } = await import("./meeting-lifecycle.server");
    const mina = db.select().from(schema.organization).where(eq(schema.organization.name, "南浜町")).get()!.id;
    const created = await createMeeting({
      viewer: pmo,
      actor: actor(pmo),
      scope: { wgId: JUMIN, projectId },
      input: { kind: "WG定例", rank: null, title: "通知テスト会議", date: "2026-12-01", startTime: "14:00", endTime: "15:00", place: "", onlineUrl: "", hostOrgId: mina, vendorVisible: false, attendeeIds: [kStaff.userId], agendaTitles: "", agendaIssueIds: [], previousMeetingId: null },
    });
    if (!created.ok) throw new Error("meeting");
    await startMeeting({ viewer: pmo, actor: actor(pmo), meetingId: created.id });
    await closeMeeting({ viewer: pmo, actor: actor(pmo), meetingId: created.id });
    expect((await inbox(kStaff)).map((n) => n.kind)).toContain("minutes");
    expect((await inbox(mLead)).map((n) => n.kind)).toContain("minutes");
    expect(await rowsFor("vendor@vendor-a.demo.renkei.jp")).toHaveLength(0);
    expect((await watchState(pmo, "meeting", created.id)).watching).toBe(true);
  });

  it("stance requested reaches the towns' admins and leads; a report its rank and above, never vendors", async () => {
    const decision = db.select().from(schema.decision).get()!;
    const mina = db.select().from(schema.organization).where(eq(schema.organization.name, "南浜町")).get()!.id;
    await write((tx) => notifyStanceRequested(tx, { decisionId: decision.id, actor: pmo, organizationIds: [mina] }));
    expect((await inbox(mLead)).map((n) => n.kind)).toEqual(["stance"]);
    expect(await rowsFor("staff@minamihama.demo.renkei.jp")).toHaveLength(0);
    const report = db.select().from(schema.progressReport).where(eq(schema.progressReport.status, "公開")).get()!;
    await write((tx) => tx.update(schema.progressReport).set({ audienceRank: "所属長" }).where(eq(schema.progressReport.id, report.id)).run());
    await write((tx) => notifyReportPublished(tx, { reportId: report.id, actor: pmo }));
    expect((await inbox(mLead)).map((n) => n.kind)).toContain("report"); // 所属長
    expect(await rowsFor("staff@kitagawa.demo.renkei.jp")).toHaveLength(0); // 担当者
    expect(await rowsFor("vendor@vendor-a.demo.renkei.jp")).toHaveLength(0);
  });

  it("invitation accepted: the inviter is told once", async () => {
    await write((tx) => notifyInvitationAccepted(tx, { invitedUserId: vendor.userId, inviterId: mLead.userId }));
    await write((tx) => notifyInvitationAccepted(tx, { invitedUserId: vendor.userId, inviterId: mLead.userId }));
    const got = await inbox(mLead);
    expect(got.map((n) => n.kind)).toEqual(["invitation"]);
    expect(got[0].title).toBe("伊藤 大輔（株式会社さくらシステムズ）");
  });

  it("the daily run happens once per date and sends one digest per user, grouped by project", async () => {
    const issue = await newIssue(pmo);
    await saveNotificationSettings({ viewer: kStaff, modes: { mentioned: "digest", comment: "digest" } });
    await comment(mLead, issue, "@高橋健太 まとめに入る一件目");
    await comment(mLead, issue, "@高橋健太 まとめに入る二件目");
    await write((tx) => tx.delete(schema.jobRun).run());
    const at8 = Date.parse("2030-04-01T23:05:00Z"); // 2030-04-02 08:05 JST
    expect(await runDailyJobs(Date.parse("2030-04-01T22:30:00Z"))).toBeNull(); // 07:30 JST: not yet
    expect(await runDailyJobs(at8)).toMatchObject({ digests: expect.any(Number) });
    expect(await runDailyJobs(at8 + 3600_000)).toBeNull();
    const digest = outboxFor("staff@kitagawa.demo.renkei.jp").filter((m) => m.kind === "digest");
    expect(digest).toHaveLength(1);
    expect(digest[0].subject).toBe("【Renkei】4月2日のまとめ（2件）");
    expect(digest[0].text).toMatch(/■ .+（2件）/);
    expect((await rowsFor("staff@kitagawa.demo.renkei.jp")).every((n) => n.emailState === "digested")).toBe(true);
    expect(db.select().from(schema.notification).where(and(eq(schema.notification.emailState, "digest"))).all()).toHaveLength(0);
  });

  it("groups digest entries by project, その他 last", () => {
    const e = (projectName: string | null, title: string) => ({ kind: "comment", title, url: "/x", reason: "r", projectName });
    const groups = groupByProject([e("標準化", "a"), e(null, "b"), e("標準化", "c"), e("ガバメントクラウド", "d")]);
    expect(groups.map((g) => [g.project, g.items.map((i) => i.title)])).toEqual([
      ["ガバメントクラウド", ["d"]],
      ["標準化", ["a", "c"]],
      ["その他", ["b"]],
    ]);
    const mail = composeDigest({ locale: "ja", name: "高橋 健太", date: "2026-11-23", entries: [e("標準化", "#1 件名")] });
    expect(mail.text).toContain("■ 標準化（1件）\n・［コメント］#1 件名\n  http://localhost:3000/x");
  });
});
