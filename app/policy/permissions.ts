// Who may do what: the permission matrix of DESIGN.md as one pure function.
// Used by the UI (to hide buttons) and, through requirePermission in
// guard.server.ts, by every loader and action. Queries apply the same rules
// (see visibility.server.ts beside this file) so hidden rows are never loaded.
import { lifecycle } from "~/domain/decision";

import { forbidden, notFound, type Refusal } from "~/domain/result";
import type { MessageKey } from "~/i18n";

export type ConsortiumRole = "pmo" | "executive" | "member";
export type WgRole = "lead" | "member" | "guest";
export type OrganizationKind = "municipality" | "prefecture" | "vendor" | "other";

/** Everything the permission rules need to know about the signed-in user. Serializable. */
export type Viewer = {
  /** The membership: a person in this consortium (everything the consortium records names it). */
  userId: number;
  /** The person behind it, across consortia: only for their own sign-in and sessions. */
  accountId: number;
  organizationId: number;
  organizationKind: OrganizationKind;
  consortiumId: number;
  role: ConsortiumRole;
  orgAdmin: boolean;
  /** Role in each working group the user belongs to, by WG id. */
  wgRoles: Record<number, WgRole>;
  /** The consortium is archived (保管) by the operator: it is read, never changed. */
  readOnly: boolean;
};

type WgScoped = { wgId: number | null };
type Shared = WgScoped & { vendorVisible: boolean };

/** The resource each action is checked against (undefined: consortium-wide). */
export type Resources = {
  "project.read": undefined;
  "wg.list": undefined;
  "wg.read": { wgId: number };
  "issue.read": Shared;
  "issue.create": { wgId: number };
  "issue.edit": { wgId: number };
  /** Delete an issue made by mistake, see the deleted ones and restore one (30 days). */
  "issue.delete": undefined;
  "comment.create": Shared;
  "comment.createInternal": WgScoped;
  "comment.readInternal": undefined;
  "meeting.read": Shared;
  "meeting.manage": WgScoped;
  "note.create": Shared;
  /** A town confirms the minutes of a meeting it took part in (議事録の確認). */
  "minutes.confirm": Shared & { organizationId: number };
  "decision.read": WgScoped & { vendorVisible: boolean; status: string };
  "decision.draft": undefined;
  /** Edit, consult, withdraw a decision and manage its follow-ups. */
  "decision.manage": WgScoped & { createdBy: number };
  "stance.read": undefined;
  "stance.record": WgScoped & { organizationId: number };
  "report.list": undefined;
  "report.read": { status: string };
  "report.publish": undefined;
  "user.list": undefined;
  /** The account as it is, or as it would be: its organization and consortium role (null: none). */
  "user.manage": { organizationId: number; role: ConsortiumRole | null };
  /** Import people from a spreadsheet into this organization (/admin/import/people). */
  "people.import": { organizationId: number };
  "consortium.manage": undefined;
  /** The consortium's own settings and labels (and, later, import and export): pages that are not found by anyone else. */
  "consortium.configure": undefined;
  /** Take the consortium's export (/admin/export), also once it is archived. */
  "consortium.export": undefined;
  "audit.list": undefined;
  "search.consortium": undefined;
  /** Invite a vendor person as a guest of this WG (PMO, or the WG's lead). */
  "guest.invite": { wgId: number };
  /** See every guest, end access, remove a guest from every WG at once. */
  "guest.manage": undefined;
  /** Mark a comment as the consortium's official answer (回答) to a vendor question. */
  "comment.markAnswer": { wgId: number };
  /** Import issues from a file into this WG (PMO, or the WG's lead). */
  "issue.import": { wgId: number };
  /** Open /admin/import: whoever may import issues into some WG, or people into their own organization. */
  "import.open": undefined;
};
export type Action = keyof Resources;

/** A vendor guest: someone from a vendor organization. */
export function isGuest(viewer: Viewer) {
  return viewer.organizationKind === "vendor";
}

/** A vendor guest raises an issue as a question to the consortium (質問): its text only, the rest is set for them. */
export function raisesQuestionsOnly(viewer: Viewer) {
  return isGuest(viewer);
}

/** Filtering issues by a vendor (e.g. the ball with a vendor) is for the consortium's side, not for guests. */
export function filtersByVendor(viewer: Viewer) {
  return !isGuest(viewer);
}

/** A vendor guest whose organization holds the ball (a question put to them) hands it back with their reply. */
export function mayReturnBall(viewer: Viewer, issue: { ballHolderOrgId: number | null }) {
  return isGuest(viewer) && issue.ballHolderOrgId === viewer.organizationId;
}

/** Leadership (経営層): reads decided decisions and published reports, works on nothing. */
export function isLeadership(viewer: Viewer) {
  return viewer.role === "executive" && !isGuest(viewer);
}

/** Town staff, PMO and other member bodies: everyone who works inside the consortium. */
function isInsider(viewer: Viewer) {
  return !isGuest(viewer) && viewer.role !== "executive";
}

function isPmo(viewer: Viewer) {
  return viewer.role === "pmo" && !isGuest(viewer);
}

/** Lead or member (not guest) of the WG; for project-level items (no WG) any insider. */
function worksIn(viewer: Viewer, wgId: number | null) {
  if (!isInsider(viewer)) return false;
  if (wgId === null) return true;
  const role = viewer.wgRoles[wgId];
  return role === "lead" || role === "member";
}

/** Lead of this WG (an insider: a vendor is never a lead). */
function leads(viewer: Viewer, wgId: number) {
  return isInsider(viewer) && viewer.wgRoles[wgId] === "lead";
}

/** The WGs the viewer leads. */
export function ledWorkingGroupIds(viewer: Viewer): number[] {
  return Object.keys(viewer.wgRoles)
    .map(Number)
    .filter((id) => leads(viewer, id));
}

function guestOf(viewer: Viewer, wgId: number | null) {
  return isGuest(viewer) && wgId !== null && viewer.wgRoles[wgId] === "guest";
}

/** A guest sees an item only when it is shared with vendors in a WG they are a guest of. */
function sharedWith(viewer: Viewer, item: Shared) {
  return item.vendorVisible && guestOf(viewer, item.wgId);
}

const rules: { [A in Action]: (viewer: Viewer, resource: Resources[A]) => boolean } = {
  // Glass-walled: every insider reads every WG; guests only their own; leadership reads reports.
  "project.read": (v) => isInsider(v),
  "wg.list": (v) => isInsider(v) || isGuest(v),
  "wg.read": (v, r) => isInsider(v) || guestOf(v, r.wgId),
  "issue.read": (v, r) => isInsider(v) || sharedWith(v, r),
  "issue.create": (v, r) => isPmo(v) || worksIn(v, r.wgId) || guestOf(v, r.wgId),
  "issue.edit": (v, r) => isPmo(v) || worksIn(v, r.wgId),
  "issue.delete": (v) => isPmo(v),
  "comment.create": (v, r) => isPmo(v) || v.orgAdmin && isInsider(v) || worksIn(v, r.wgId) || sharedWith(v, r),
  "comment.createInternal": (v, r) => isPmo(v) || v.orgAdmin && isInsider(v) || worksIn(v, r.wgId),
  "comment.readInternal": (v) => isInsider(v),
  "meeting.read": (v, r) => isInsider(v) || sharedWith(v, r),
  "meeting.manage": (v, r) => isPmo(v) || (r.wgId !== null && v.wgRoles[r.wgId] === "lead" && isInsider(v)),
  "note.create": (v, r) => isPmo(v) || v.orgAdmin && isInsider(v) || worksIn(v, r.wgId) || sharedWith(v, r),
  // Any active staff member of the town confirms for it (town staff, never guests or leadership).
  "minutes.confirm": (v, r) => isInsider(v) && v.organizationKind === "municipality" && v.organizationId === r.organizationId,
  "decision.read": (v, r) =>
    isInsider(v) || (isLeadership(v) && lifecycle.visibleToLeadership(r.status)) || sharedWith(v, r),
  "decision.draft": (v) => isInsider(v),
  // The PMO, the lead of the decision's WG, or whoever drafted it.
  "decision.manage": (v, r) => isPmo(v) || (isInsider(v) && (r.createdBy === v.userId || (r.wgId !== null && v.wgRoles[r.wgId] === "lead"))),
  "stance.read": (v) => isInsider(v),
  // A town's stance is recorded by that town only: its admin, or its lead of the decision's WG.
  "stance.record": (v, r) =>
    isInsider(v) &&
    v.organizationId === r.organizationId &&
    (v.orgAdmin || (r.wgId !== null && v.wgRoles[r.wgId] === "lead")),
  "report.list": (v) => !isGuest(v),
  "report.read": (v, r) => isPmo(v) || (r.status === "公開" && !isGuest(v)),
  "report.publish": (v) => isPmo(v),
  "user.list": (v) => isPmo(v) || (v.orgAdmin && isInsider(v)),
  // A town admin manages their own town's accounts up to their own level (member, town
  // admins included); PMO and leadership accounts, wherever they sit, only the PMO.
  "user.manage": (v, r) =>
    isPmo(v) || (v.orgAdmin && isInsider(v) && v.organizationId === r.organizationId && (r.role === null || r.role === "member")),
  // The PMO into any organization, a town admin into their own town only.
  "people.import": (v, r) => isPmo(v) || (v.orgAdmin && isInsider(v) && v.organizationId === r.organizationId),
  "consortium.manage": (v) => isPmo(v),
  "consortium.configure": (v) => isPmo(v),
  "consortium.export": (v) => isPmo(v),
  "audit.list": (v) => v.role !== "executive",
  "search.consortium": (v) => isInsider(v) || isGuest(v),
  "guest.invite": (v, r) => isPmo(v) || (isInsider(v) && v.wgRoles[r.wgId] === "lead"),
  "guest.manage": (v) => isPmo(v),
  // Whoever may edit the issue speaks for the consortium; never a guest.
  "comment.markAnswer": (v, r) => isPmo(v) || worksIn(v, r.wgId),
  "issue.import": (v, r) => isPmo(v) || leads(v, r.wgId),
  "import.open": (v) => isPmo(v) || ledWorkingGroupIds(v).length > 0 || (v.orgAdmin && isInsider(v)),
};

/** What an archived consortium still allows: reading, and taking its export. */
const READ_ACTIONS = new Set<Action>([
  "project.read", "wg.list", "wg.read", "issue.read", "comment.readInternal", "meeting.read", "decision.read",
  "stance.read", "report.list", "report.read", "user.list", "audit.list", "search.consortium", "consortium.export",
]);

export function can<A extends Action>(
  viewer: Viewer | null | undefined,
  action: A,
  ...resource: Resources[A] extends undefined ? [] : [Resources[A]]
): boolean {
  if (!viewer) return false;
  if (viewer.readOnly && !READ_ACTIONS.has(action)) return false;
  return rules[action](viewer, resource[0] as Resources[A]);
}

/** Whose audit trail a viewer may read: everything, their town's, or only their own. */
export function auditScope(viewer: Viewer): "all" | "organization" | "own" | "none" {
  if (viewer.role === "executive") return "none";
  if (isPmo(viewer)) return "all";
  if (viewer.orgAdmin && isInsider(viewer)) return "organization";
  return "own";
}

/** Pages nobody else may know of: refused as not found, like a hidden item (besides every read). */
const NOT_FOUND_WHEN_REFUSED = new Set<Action>(["consortium.configure", "consortium.export", "issue.delete", "issue.import", "people.import", "import.open"]);

/** Read actions answer 404 when refused, so a hidden item never betrays its existence. */
export function refusalStatus(viewer: Viewer, action: Action): 403 | 404 {
  return action.endsWith(".read") || NOT_FOUND_WHEN_REFUSED.has(action) || isGuest(viewer) ? 404 : 403;
}

/**
 * The same rule for a model: null when the viewer may, else the refusal a route answers with
 * (not-found where refusalStatus says 404, forbidden otherwise). Models call it so no caller
 * can skip the check, and never throw.
 */
export function refusalOf<A extends Action>(
  viewer: Viewer,
  action: A,
  ...resource: Resources[A] extends undefined ? [] : [Resources[A]]
): Refusal | null {
  if (can(viewer, action, ...resource)) return null;
  return refusalStatus(viewer, action) === 404 ? notFound() : forbidden("error.forbidden.body");
}

/** Leadership (首長・幹部) get the executive briefing on their dashboard. */
export function seesExecutiveBriefing(viewer: Viewer) {
  return viewer.role === "executive";
}

/** Vendor guests get their own version of a page: their Q&A queues, the ask button, the guest lead. */
export function seesGuestView(viewer: Viewer) {
  return isGuest(viewer);
}

/** The role shown beside the user's name in the header (catalog key). */
export function roleLabel(viewer: Viewer): MessageKey {
  if (isGuest(viewer)) return "role.guest";
  if (viewer.role === "pmo") return "role.pmo";
  if (viewer.role === "executive") return "role.executive";
  return viewer.orgAdmin ? "role.orgAdmin" : "role.member";
}

export type Section = "dashboard" | "projects" | "wgs" | "decisions" | "reports" | "admin";

/** The parts of the app a viewer can open, in navigation order. */
export function visibleSections(viewer: Viewer): Section[] {
  const sections: Section[] = ["dashboard"];
  if (can(viewer, "project.read")) sections.push("projects");
  if (can(viewer, "wg.list")) sections.push("wgs");
  if (!isGuest(viewer)) sections.push("decisions", "reports");
  if (can(viewer, "user.list")) sections.push("admin");
  return sections;
}

/** The WGs the viewer belongs to as lead or member (a guest belongs to none): their meetings fill the viewer's calendar. */
export function memberWorkingGroupIds(viewer: Viewer): number[] {
  if (isGuest(viewer)) return [];
  return Object.entries(viewer.wgRoles)
    .filter(([, role]) => role === "lead" || role === "member")
    .map(([id]) => Number(id));
}

/** A person of a vendor organization (事業者): invited only to meetings shared with vendors. */
export function isVendorPerson(person: { organizationKind: string }) {
  return person.organizationKind === "vendor";
}
