// Notifications (issue 8): who hears about what. `notify(tx, event)` runs inside the
// transaction of the write that caused it, works out the recipients (the people named by
// the event, then the watchers), drops the actor, anyone inactive and anyone who may not
// see the item, and writes one inbox row per person (the first reason wins), with an
// e-mail now or in the 8:00 digest as the person chose. Visibility is checked again when
// the inbox is listed or counted and when mail is sent, so a now-hidden item disappears.
import { and, eq, gte, inArray, lt, ne, or } from "drizzle-orm";
import { translate, translator, type MessageKey, type T } from "~/i18n";
import { composeNotificationMail } from "~/jobs/mail/compose.server";
import { enqueueMail } from "~/jobs/mail/outbox.server";
import { loadViewer } from "~/utils/auth.server";
import { consortiumPath } from "~/utils/consortium-path";
import { addDays, todayInJapan } from "~/utils/dates";
import { schema, type Executor, type Tx } from "~/utils/db.server";
import { accountHasAccess, hasAccess } from "~/policy/access.server";
import { isGuest, type Viewer } from "~/policy/permissions";
import { mayReceive, visibleIdsOf } from "~/policy/visibility.server";
import { ping } from "./inbox.server";
import { notificationSettings, type NotificationKind } from "./notification-settings.server";
import { autoWatch, watchersOf, type WatchedType } from "./watching.server";

const { notification } = schema;
export type EntityType = WatchedType | "report" | "user";

// --- delivering ---------------------------------------------------------------------------

type Item = {
  consortiumId: number;
  projectId: number | null;
  entityType: EntityType;
  entityId: number;
  title: string;
  url: string;
  audience?: "all" | "internal";
};

type Delivery = {
  kind: NotificationKind;
  reason: MessageKey;
  /** One line for the e-mail, e.g. 「田中さんがコメントしました」, written in each recipient's locale. */
  summary: Summary;
  excerpt?: string;
  dedupeKey?: string;
};

/** What happened, in the words of the catalog (notifications.summary.*) and the given locale. */
export type Summary = (t: T) => string;

/** Recipients in priority order: the first delivery a user appears in is the one they get. */
type Plan = Map<number, Delivery>;

function add(plan: Plan, userIds: (number | null | undefined)[], delivery: Delivery) {
  for (const id of userIds) if (typeof id === "number" && !plan.has(id)) plan.set(id, delivery);
}

/** Writes the inbox rows (and mail) of a plan. Returns the user ids that were notified. */
export async function deliver(tx: Tx, item: Item, plan: Plan, actorId: number | null, now = Date.now()) {
  const notified: number[] = [];
  for (const [userId, d] of plan) {
    if (userId === actorId) continue;
    const loaded = await loadViewer(userId);
    if (!loaded || !await accountHasAccess(tx, userId, now)) continue;
    const { viewer, user } = loaded;
    if (viewer.consortiumId !== item.consortiumId) continue;
    if (!mayReceive(viewer, item.audience ?? "all")) continue;
    if (!(await visibleIdsOf(tx, viewer, item.entityType, [item.entityId])).has(item.entityId)) continue;
    const mode = (await notificationSettings(userId, tx))[d.kind];
    if (mode === "off") continue;
    const created = tx
      .insert(notification)
      .values({
        userId,
        consortiumId: item.consortiumId,
        kind: d.kind,
        entityType: item.entityType,
        entityId: String(item.entityId),
        title: item.title,
        url: item.url,
        reason: d.reason,
        actorId,
        projectId: item.projectId,
        audience: item.audience ?? "all",
        dedupeKey: d.dedupeKey ? `${d.dedupeKey}:${userId}` : null,
        emailState: mode === "digest" ? "digest" : null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: notification.id })
      .get();
    if (!created) continue;
    notified.push(userId);
    await ping(tx, userId, "notification");
    if (mode === "immediate") {
      const mail = composeNotificationMail({
        locale: user.locale,
        name: user.displayName,
        kind: d.kind,
        summary: d.summary(translator(user.locale)),
        title: item.title,
        url: consortiumPath(item.consortiumId, item.url),
        reason: translate(user.locale, d.reason),
        excerpt: d.excerpt,
      });
      await enqueueMail(tx, { dedupeKey: `notification:${created.id}`, consortiumId: item.consortiumId, userId, notificationId: created.id, to: user.email, kind: d.kind, ...mail, now });
    }
  }
  return notified;
}

async function nameOf(ex: Executor, userId: number | null) {
  if (!userId) return "";
  return ex.select({ n: schema.user.displayName }).from(schema.user).where(eq(schema.user.id, userId)).get()?.n ?? "";
}

const excerptOf = (body: string, max = 200) => {
  const flat = body.replace(/\s+/g, " ").trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join("")}…` : flat;
};

// --- issues --------------------------------------------------------------------------------

async function issueFacts(ex: Executor, issueId: number) {
  return ex
    .select({
      id: schema.issue.id,
      consortiumId: schema.issue.consortiumId,
      number: schema.issue.number,
      title: schema.issue.title,
      wgId: schema.issue.wgId,
      projectId: schema.workingGroup.projectId,
      assigneeId: schema.issue.assigneeId,
      ballHolderOrgId: schema.issue.ballHolderOrgId,
      createdBy: schema.issue.createdBy,
      status: schema.issue.status,
      dueOn: schema.issue.dueOn,
    })
    .from(schema.issue)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.issue.wgId))
    .where(eq(schema.issue.id, issueId))
    .get();
}
type IssueFacts = NonNullable<Awaited<ReturnType<typeof issueFacts>>>;

const issueItem = (i: IssueFacts): Item => ({
  consortiumId: i.consortiumId,
  projectId: i.projectId,
  entityType: "issue",
  entityId: i.id,
  title: `#${i.number} ${i.title}`,
  url: `/issues/${i.number}`,
});

/**
 * The ball holder's people in the WG: a town's leads and members, or a vendor's guests
 * (a question put to the vendor). They are told, and watch; `deliver` still drops anyone
 * who may not see the issue (a vendor and an issue not shared with vendors).
 */
export async function ballTownMembers(ex: Executor, wgId: number, organizationId: number | null) {
  if (!organizationId) return [];
  return ex
    .select({ userId: schema.wgMembership.userId })
    .from(schema.wgMembership)
    .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
    .where(and(eq(schema.wgMembership.wgId, wgId), inArray(schema.wgMembership.role, ["lead", "member", "guest"]), eq(schema.user.organizationId, organizationId), hasAccess()))
    .all()
    .map((r) => r.userId);
}

/** Users mentioned in `body` (`@田中由美`), among those the author may mention in the WG. */
export async function mentionedUsers(ex: Executor, author: Viewer, wgId: number, body: string): Promise<number[]> {
  if (!body.includes("@")) return [];
  const roles = isGuest(author) ? (["lead"] as const) : (["lead", "member"] as const);
  const candidates = ex
    .select({ userId: schema.user.id, name: schema.user.displayName })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(
      and(
        eq(schema.user.active, true),
        eq(schema.organization.consortiumId, author.consortiumId),
        or(
          inArray(schema.user.id, ex.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(and(eq(schema.wgMembership.wgId, wgId), inArray(schema.wgMembership.role, [...roles])))),
          inArray(schema.user.id, ex.select({ id: schema.consortiumRole.userId }).from(schema.consortiumRole).where(and(eq(schema.consortiumRole.consortiumId, author.consortiumId), eq(schema.consortiumRole.role, "pmo")))),
        ),
      ),
    )
    .all();
  // Longest handle first, and a handle inside a longer one does not count twice.
  const sorted = candidates.map((c) => ({ ...c, compact: c.name.replace(/\s+/g, "") })).filter((c) => c.compact).sort((a, b) => b.compact.length - a.compact.length);
  let rest = body;
  const found: number[] = [];
  for (const c of sorted) {
    const handle = `@${c.compact}`;
    let at = rest.indexOf(handle);
    let hit = false;
    while (at >= 0) {
      const next = rest[at + handle.length] ?? "";
      if (!(/\w$/.test(c.compact) && /\w/.test(next))) {
        hit = true;
        rest = rest.slice(0, at) + " ".repeat(handle.length) + rest.slice(at + handle.length);
      }
      at = rest.indexOf(handle, at + 1);
    }
    if (hit) found.push(c.userId);
  }
  return found;
}

export type NotifyEvent =
  | { type: "issue.created"; issueId: number; actor: Viewer; body: string }
  | { type: "issue.updated"; issueId: number; actor: Viewer; before: { assigneeId: number | null; ballHolderOrgId: number | null; status: string }; changed: string[] }
  | { type: "comment.created"; issueId: number; commentId: number; actor: Viewer; body: string; internal: boolean }
  | { type: "meeting.created"; meetingId: number; actor: Viewer }
  | { type: "meeting.closed"; meetingId: number; actor: Viewer; state: string }
  | { type: "meeting.confirmed"; meetingId: number; actor: Viewer; complete: boolean }
  | { type: "meeting.correction"; meetingId: number; actor: Viewer; body: string };

/** Works out who hears about `event` and delivers it (inside the caller's transaction). */
export async function notify(tx: Tx, event: NotifyEvent, now = Date.now()): Promise<number[]> {
  switch (event.type) {
    case "issue.created":
    case "issue.updated":
    case "comment.created":
      return notifyIssue(tx, event, now);
    default:
      return notifyMeeting(tx, event, now);
  }
}

async function notifyIssue(tx: Tx, event: Extract<NotifyEvent, { issueId: number }>, now: number) {
  const i = await issueFacts(tx, event.issueId);
  if (!i) return [];
  const actorId = event.actor.userId;
  const actorName = await nameOf(tx, actorId);
  const plan: Plan = new Map();
  const ballMembers = await ballTownMembers(tx, i.wgId, i.ballHolderOrgId);
  const ballName = i.ballHolderOrgId ? (tx.select({ n: schema.organization.name }).from(schema.organization).where(eq(schema.organization.id, i.ballHolderOrgId)).get()?.n ?? "") : "";
  const ballDelivery: Delivery = { kind: "ball", reason: "notifications.reason.ball", summary: (t) => t("notifications.summary.ball", { organization: ballName }) };
  const assignedDelivery: Delivery = { kind: "assigned", reason: "notifications.reason.assignee", summary: (t) => t("notifications.summary.assigned", { name: actorName }) };

  if (event.type === "issue.created") {
    const mentioned = await mentionedUsers(tx, event.actor, i.wgId, event.body);
    await autoWatch(tx, [i.createdBy], "issue", i.id, "author");
    await autoWatch(tx, [i.assigneeId], "issue", i.id, "assignee");
    await autoWatch(tx, mentioned, "issue", i.id, "mentioned");
    await autoWatch(tx, ballMembers, "issue", i.id, "ball");
    add(plan, [i.assigneeId], assignedDelivery);
    add(plan, mentioned, { kind: "mentioned", reason: "notifications.reason.mentioned", summary: (t) => t("notifications.summary.mentionedInIssue", { name: actorName }), excerpt: excerptOf(event.body) });
    add(plan, ballMembers, ballDelivery);
  } else if (event.type === "issue.updated") {
    const assigneeChanged = event.changed.includes("assigneeId") && i.assigneeId !== null && i.assigneeId !== event.before.assigneeId;
    const ballChanged = event.changed.includes("ballHolderOrgId") && i.ballHolderOrgId !== null && i.ballHolderOrgId !== event.before.ballHolderOrgId;
    if (assigneeChanged) {
      await autoWatch(tx, [i.assigneeId], "issue", i.id, "assignee");
      add(plan, [i.assigneeId], assignedDelivery);
    }
    if (ballChanged) {
      await autoWatch(tx, ballMembers, "issue", i.id, "ball");
      add(plan, ballMembers, ballDelivery);
    }
    const what = (t: T) => (event.changed.includes("status") ? t("notifications.summary.statusChanged", { status: t(`status.${i.status}` as MessageKey) }) : t("notifications.summary.contentChanged"));
    add(plan, await watchersOf(tx, "issue", i.id), { kind: "watched", reason: "notifications.reason.watching", summary: (t) => t("notifications.summary.issueUpdated", { name: actorName, what: what(t) }) });
  } else {
    const mentioned = await mentionedUsers(tx, event.actor, i.wgId, event.body);
    await autoWatch(tx, [actorId], "issue", i.id, "commented");
    await autoWatch(tx, mentioned, "issue", i.id, "mentioned");
    const excerpt = excerptOf(event.body);
    add(plan, mentioned, { kind: "mentioned", reason: "notifications.reason.mentioned", summary: (t) => t("notifications.summary.mentionedInComment", { name: actorName }), excerpt });
    add(plan, await watchersOf(tx, "issue", i.id), { kind: "comment", reason: "notifications.reason.watching", summary: (t) => t("notifications.summary.commented", { name: actorName }), excerpt });
    return deliver(tx, { ...issueItem(i), audience: event.internal ? "internal" : "all" }, plan, actorId, now);
  }
  return deliver(tx, issueItem(i), plan, actorId, now);
}

// --- meetings ------------------------------------------------------------------------------

async function meetingFacts(ex: Executor, meetingId: number) {
  return ex
    .select({ id: schema.meeting.id, consortiumId: schema.meeting.consortiumId, projectId: schema.meeting.projectId, wgId: schema.meeting.wgId, title: schema.meeting.title, hostOrgId: schema.meeting.hostOrgId, createdBy: schema.meeting.createdBy })
    .from(schema.meeting)
    .where(eq(schema.meeting.id, meetingId))
    .get();
}

/** Towns that confirm a meeting's minutes: the host and the towns of the attendees. */
async function confirmingTowns(ex: Executor, meetingId: number, hostOrgId: number | null) {
  const towns = ex
    .selectDistinct({ id: schema.organization.id })
    .from(schema.organization)
    .where(
      and(
        eq(schema.organization.kind, "municipality"),
        or(
          inArray(schema.organization.id, ex.select({ id: schema.user.organizationId }).from(schema.meetingAttendee).innerJoin(schema.user, eq(schema.user.id, schema.meetingAttendee.userId)).where(eq(schema.meetingAttendee.meetingId, meetingId))),
          hostOrgId ? eq(schema.organization.id, hostOrgId) : undefined,
        ),
      ),
    )
    .all()
    .map((t) => t.id);
  const done = new Set(ex.select({ o: schema.minutesConfirmation.organizationId }).from(schema.minutesConfirmation).where(eq(schema.minutesConfirmation.meetingId, meetingId)).all().map((r) => r.o));
  return towns.filter((t) => !done.has(t));
}

/** The people of a town who are asked to confirm: its attendees, its WG members and its admins. */
async function townConfirmers(ex: Executor, meetingId: number, wgId: number | null, organizationId: number) {
  const attendees = ex.select({ id: schema.meetingAttendee.userId }).from(schema.meetingAttendee).where(eq(schema.meetingAttendee.meetingId, meetingId));
  const members = wgId ? ex.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(and(eq(schema.wgMembership.wgId, wgId), inArray(schema.wgMembership.role, ["lead", "member"]))) : null;
  return ex
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(and(eq(schema.user.organizationId, organizationId), hasAccess(), or(inArray(schema.user.id, attendees), members ? inArray(schema.user.id, members) : undefined, eq(schema.user.orgAdmin, true))))
    .all()
    .map((u) => u.id);
}

async function notifyMeeting(tx: Tx, event: Extract<NotifyEvent, { meetingId: number }>, now: number) {
  const m = await meetingFacts(tx, event.meetingId);
  if (!m) return [];
  const actorId = event.actor.userId;
  const actorName = await nameOf(tx, actorId);
  const item: Item = { consortiumId: m.consortiumId, projectId: m.projectId, entityType: "meeting", entityId: m.id, title: m.title, url: `/meetings/${m.id}` };
  const plan: Plan = new Map();
  switch (event.type) {
    case "meeting.created":
      await autoWatch(tx, [m.createdBy], "meeting", m.id, "author");
      return [];
    case "meeting.closed":
      if (event.state === "確認中") {
        for (const town of await confirmingTowns(tx, m.id, m.hostOrgId)) {
          add(plan, await townConfirmers(tx, m.id, m.wgId, town), { kind: "minutes", reason: "notifications.reason.minutes", summary: (t) => t("notifications.summary.minutesToConfirm"), dedupeKey: `minutes:${m.id}` });
        }
      }
      add(plan, await watchersOf(tx, "meeting", m.id), { kind: "watched", reason: "notifications.reason.watching", summary: (t) => t(event.state === "確定" ? "notifications.summary.closedFinal" : "notifications.summary.closedConfirming") });
      break;
    case "meeting.confirmed":
      if (!event.complete) return [];
      add(plan, await watchersOf(tx, "meeting", m.id), { kind: "watched", reason: "notifications.reason.watching", summary: (t) => t("notifications.summary.minutesFinal") });
      break;
    case "meeting.correction":
      add(plan, await watchersOf(tx, "meeting", m.id), { kind: "comment", reason: "notifications.reason.watching", summary: (t) => t("notifications.summary.correctionAsked", { name: actorName }), excerpt: excerptOf(event.body) });
      return deliver(tx, { ...item, audience: "internal" }, plan, actorId, now);
  }
  return deliver(tx, item, plan, actorId, now);
}

// --- helpers for decisions, reports and invitations (called by their models) -------------

/**
 * 起案 → 協議中: each town is asked for its stance. Told (and watching): each town's admin
 * and its leads of the decision's WG — the people who may record the town's stance.
 */
export async function notifyStanceRequested(tx: Tx, { decisionId, actor, organizationIds }: { decisionId: number; actor: Viewer; organizationIds: number[] }, now = Date.now()) {
  const d = tx
    .select({ id: schema.decision.id, consortiumId: schema.decision.consortiumId, projectId: schema.decision.projectId, wgId: schema.decision.wgId, number: schema.decision.number, title: schema.decision.title })
    .from(schema.decision)
    .where(eq(schema.decision.id, decisionId))
    .get();
  if (!d || !organizationIds.length) return [];
  const leads = d.wgId ? tx.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(and(eq(schema.wgMembership.wgId, d.wgId), eq(schema.wgMembership.role, "lead"))) : null;
  const people = tx
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(and(inArray(schema.user.organizationId, organizationIds), hasAccess(todayInJapan(now)), or(eq(schema.user.orgAdmin, true), leads ? inArray(schema.user.id, leads) : undefined)))
    .all()
    .map((u) => u.id);
  await autoWatch(tx, people, "decision", d.id, "stance");
  const plan: Plan = new Map();
  add(plan, people, { kind: "stance", reason: "notifications.reason.stance", summary: (t) => t("notifications.summary.stanceRequested"), dedupeKey: `stance:${d.id}` });
  return deliver(tx, { consortiumId: d.consortiumId, projectId: d.projectId, entityType: "decision", entityId: d.id, title: `${d.number} ${d.title}`, url: `/decisions/${d.id}` }, plan, actor.userId, now);
}

/** Other changes to a decision (decided, withdrawn…): its watchers hear of it. */
export async function notifyDecisionChanged(tx: Tx, { decisionId, actor, summary }: { decisionId: number; actor: Viewer; summary: Summary }, now = Date.now()) {
  const d = tx.select({ id: schema.decision.id, consortiumId: schema.decision.consortiumId, projectId: schema.decision.projectId, number: schema.decision.number, title: schema.decision.title }).from(schema.decision).where(eq(schema.decision.id, decisionId)).get();
  if (!d) return [];
  const plan: Plan = new Map();
  add(plan, await watchersOf(tx, "decision", d.id), { kind: "watched", reason: "notifications.reason.watching", summary });
  return deliver(tx, { consortiumId: d.consortiumId, projectId: d.projectId, entityType: "decision", entityId: d.id, title: `${d.number} ${d.title}`, url: `/decisions/${d.id}` }, plan, actor.userId, now);
}

const RANK_ORDER = schema.RANKS;

/** A report was published: everyone of its audience rank or above (not vendors) is told. */
export async function notifyReportPublished(tx: Tx, { reportId, actor }: { reportId: number; actor: Viewer }, now = Date.now()) {
  const r = tx
    .select({ id: schema.progressReport.id, consortiumId: schema.progressReport.consortiumId, projectId: schema.progressReport.projectId, title: schema.progressReport.title, period: schema.progressReport.period, audienceRank: schema.progressReport.audienceRank })
    .from(schema.progressReport)
    .where(eq(schema.progressReport.id, reportId))
    .get();
  if (!r) return [];
  const ranks = RANK_ORDER.slice(RANK_ORDER.indexOf(r.audienceRank));
  const people = tx
    .select({ id: schema.user.id })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(schema.organization.consortiumId, r.consortiumId), ne(schema.organization.kind, "vendor"), inArray(schema.user.rank, [...ranks]), hasAccess(todayInJapan(now))))
    .all()
    .map((u) => u.id);
  const plan: Plan = new Map();
  add(plan, people, { kind: "report", reason: "notifications.reason.report", summary: (t) => t("notifications.summary.reportPublished", { title: r.title }), dedupeKey: `report:${r.id}` });
  return deliver(tx, { consortiumId: r.consortiumId, projectId: r.projectId, entityType: "report", entityId: r.id, title: r.title, url: `/reports/${r.id}` }, plan, actor.userId, now);
}

/** The invitee accepted: whoever invited them is told. */
export async function notifyInvitationAccepted(tx: Tx, { invitedUserId, inviterId }: { invitedUserId: number; inviterId: number }, now = Date.now()) {
  const u = tx
    .select({ id: schema.user.id, name: schema.user.displayName, consortiumId: schema.organization.consortiumId, organizationName: schema.organization.name, kind: schema.organization.kind })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.user.id, invitedUserId))
    .get();
  if (!u) return [];
  const url = u.kind === "vendor" ? "/admin/guests" : `/admin/users/${u.id}`;
  const plan: Plan = new Map();
  add(plan, [inviterId], { kind: "invitation", reason: "notifications.reason.invitation", summary: (t) => t("notifications.summary.invitationAccepted", { organization: u.organizationName, name: u.name }), dedupeKey: `invitation:${u.id}` });
  return deliver(tx, { consortiumId: u.consortiumId, projectId: null, entityType: "user", entityId: u.id, title: `${u.name}（${u.organizationName}）`, url }, plan, invitedUserId, now);
}

// --- scheduled: due tomorrow / overdue -------------------------------------------------------

/**
 * Once a day (after 8:00 Japan time, before the digest): open issues due tomorrow, and
 * those that became overdue yesterday, are announced to the assignee (or, with none, to
 * the ball-holding town's WG members). Dedupe keys make a second run harmless.
 */
export async function notifyDueIssues(tx: Tx, today = todayInJapan(), now = Date.now()) {
  const tomorrow = addDays(today, 1);
  const open = schema.ISSUE_STATUSES.filter((s) => !(schema.CLOSED_STATUSES as readonly string[]).includes(s));
  const rows = tx
    .select({ id: schema.issue.id, dueOn: schema.issue.dueOn })
    .from(schema.issue)
    .where(and(inArray(schema.issue.status, open), or(eq(schema.issue.dueOn, tomorrow), and(gte(schema.issue.dueOn, addDays(today, -7)), lt(schema.issue.dueOn, today)))))
    .all();
  let count = 0;
  for (const row of rows) {
    const i = await issueFacts(tx, row.id);
    if (!i || !i.dueOn) continue;
    const soon = i.dueOn === tomorrow;
    const people = i.assigneeId ? [i.assigneeId] : await ballTownMembers(tx, i.wgId, i.ballHolderOrgId);
    const plan: Plan = new Map();
    add(plan, people, {
      kind: "due",
      reason: i.assigneeId ? "notifications.reason.assignee" : "notifications.reason.ball",
      summary: (t) => t(soon ? "notifications.summary.dueTomorrow" : "notifications.summary.overdue", { due: i.dueOn ?? "" }),
      // Once per due date and person, however often the job runs (overdue: told once).
      dedupeKey: `due:${soon ? "soon" : "overdue"}:${i.id}:${i.dueOn}`,
    });
    count += (await deliver(tx, issueItem(i), plan, null, now)).length;
  }
  return count;
}

export const kindLabelKey = (kind: string) => `notifications.kind.${kind}` as MessageKey;
