// Every cell of the permission matrix in DESIGN.md, one persona per column.
import { describe, expect, it } from "vitest";
import { auditScope, can, refusalStatus, visibleSections, type Viewer } from "./permissions";

const WG = 1; // the WG the items below belong to (住民記録WG)
const OTHER_WG = 2;
const TOWN = 1;
const OTHER_TOWN = 2;

const base = { consortiumId: 1, accountId: 100, orgAdmin: false, wgRoles: {}, readOnly: false } as const;
const personas = {
  pmo: { ...base, userId: 1, organizationId: 9, organizationKind: "other", role: "pmo" },
  member: { ...base, userId: 2, organizationId: TOWN, organizationKind: "municipality", role: "member", wgRoles: { [WG]: "member" } },
  lead: { ...base, userId: 3, organizationId: TOWN, organizationKind: "municipality", role: "member", wgRoles: { [WG]: "lead" } },
  outsider: { ...base, userId: 4, organizationId: TOWN, organizationKind: "municipality", role: "member", wgRoles: { [OTHER_WG]: "member" } },
  orgAdmin: {
    ...base,
    userId: 5,
    organizationId: OTHER_TOWN,
    organizationKind: "municipality",
    role: "member",
    orgAdmin: true,
    wgRoles: { [OTHER_WG]: "member" },
  },
  executive: { ...base, userId: 6, organizationId: 9, organizationKind: "other", role: "executive" },
  vendor: { ...base, userId: 7, organizationId: 20, organizationKind: "vendor", role: "member", wgRoles: { [WG]: "guest" } },
} satisfies Record<string, Viewer>;
type Persona = keyof typeof personas;

const shared = { wgId: WG, vendorVisible: true };
const hidden = { wgId: WG, vendorVisible: false };
const sharedElsewhere = { wgId: OTHER_WG, vendorVisible: true };

/** One matrix row: for each persona, whether the check passes. */
function row(check: (v: Viewer) => boolean, expected: Record<Persona, boolean>) {
  for (const persona of Object.keys(personas) as Persona[]) {
    expect([persona, check(personas[persona])]).toEqual([persona, expected[persona]]);
  }
}

describe("permission matrix (DESIGN.md)", () => {
  it("see issues of a WG: everyone inside (glass-walled); vendors only shared items of their WG; leadership not", () => {
    const insidersOnly = { pmo: true, member: true, lead: true, outsider: true, orgAdmin: true, executive: false, vendor: false };
    row((v) => can(v, "issue.read", hidden), insidersOnly);
    row((v) => can(v, "issue.read", shared), { ...insidersOnly, vendor: true });
    row((v) => can(v, "issue.read", sharedElsewhere), insidersOnly);
  });

  it("see meetings of a WG: same rule as issues", () => {
    const insidersOnly = { pmo: true, member: true, lead: true, outsider: true, orgAdmin: true, executive: false, vendor: false };
    row((v) => can(v, "meeting.read", hidden), insidersOnly);
    row((v) => can(v, "meeting.read", shared), { ...insidersOnly, vendor: true });
    row((v) => can(v, "meeting.read", sharedElsewhere), insidersOnly);
  });

  it("see decisions: insiders all; leadership only decided ones; vendors only shared ones", () => {
    const all = { pmo: true, member: true, lead: true, outsider: true, orgAdmin: true };
    row((v) => can(v, "decision.read", { ...hidden, status: "協議中" }), { ...all, executive: false, vendor: false });
    row((v) => can(v, "decision.read", { ...hidden, status: "決定" }), { ...all, executive: true, vendor: false });
    row((v) => can(v, "decision.read", { ...shared, status: "決定" }), { ...all, executive: true, vendor: true });
    row((v) => can(v, "decision.read", { ...shared, status: "起案" }), { ...all, executive: false, vendor: true });
  });

  it("see internal comments and internal notes: never leadership, never vendors", () => {
    row((v) => can(v, "comment.readInternal"), {
      pmo: true,
      member: true,
      lead: true,
      outsider: true,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
  });

  it("create issues: PMO, WG members, town admins in their own WGs, vendors in their WG", () => {
    row((v) => can(v, "issue.create", { wgId: WG }), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: true,
    });
    row((v) => can(v, "issue.create", { wgId: OTHER_WG }), {
      pmo: true,
      member: false,
      lead: false,
      outsider: true,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
  });

  it("edit issues: vendors edit none", () => {
    row((v) => can(v, "issue.edit", { wgId: WG }), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
  });

  it("comment: PMO, WG members, town admins; vendors on visible items only and never internal", () => {
    row((v) => can(v, "comment.create", hidden), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "comment.create", shared), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: true,
    });
    row((v) => can(v, "comment.createInternal", { wgId: WG }), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
  });

  it("add sticky notes: vendors only in meetings shared with them", () => {
    row((v) => can(v, "note.create", hidden), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "note.create", shared), {
      pmo: true,
      member: true,
      lead: true,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: true,
    });
  });

  it("confirm minutes (議事録の確認): staff of that town only; never the PMO office, leadership or vendors", () => {
    row((v) => can(v, "minutes.confirm", { ...hidden, organizationId: TOWN }), {
      pmo: false,
      member: true,
      lead: true,
      outsider: true,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "minutes.confirm", { ...shared, organizationId: OTHER_TOWN }), {
      pmo: false,
      member: false,
      lead: false,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
  });

  it("plan and run meetings: the PMO, or the lead of the meeting's WG; project-level meetings the PMO only", () => {
    const pmoOnly = { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false };
    row((v) => can(v, "meeting.manage", { wgId: WG }), { ...pmoOnly, lead: true });
    row((v) => can(v, "meeting.manage", { wgId: null }), pmoOnly);
  });

  it("record a town's stance: that town's admin (or its WG lead) only; the PMO sees but cannot", () => {
    row((v) => can(v, "stance.record", { organizationId: OTHER_TOWN, wgId: WG }), {
      pmo: false,
      member: false,
      lead: false,
      outsider: false,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "stance.record", { organizationId: TOWN, wgId: WG }), {
      pmo: false,
      member: false,
      lead: true,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "stance.read"), {
      pmo: true,
      member: true,
      lead: true,
      outsider: true,
      orgAdmin: true,
      executive: false,
      vendor: false,
    });
  });

  it("manage a decision (edit, consult, withdraw, follow-ups): the PMO, the WG's lead, or its author", () => {
    const nobodyElse = { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false };
    row((v) => can(v, "decision.manage", { wgId: WG, createdBy: 99 }), { ...nobodyElse, lead: true });
    row((v) => can(v, "decision.manage", { wgId: null, createdBy: 99 }), nobodyElse);
    row((v) => can(v, "decision.manage", { wgId: OTHER_WG, createdBy: 2 }), { ...nobodyElse, member: true });
    row((v) => can(v, "decision.manage", { wgId: WG, createdBy: 7 }), { ...nobodyElse, lead: true });
  });

  it("manage users: PMO all, town admin the member accounts of their own town only (never PMO or leadership)", () => {
    const townAdmin = { pmo: true, member: false, lead: false, outsider: false, orgAdmin: true, executive: false, vendor: false };
    const pmoOnly = { ...townAdmin, orgAdmin: false };
    row((v) => can(v, "user.manage", { organizationId: OTHER_TOWN, role: "member" }), townAdmin);
    row((v) => can(v, "user.manage", { organizationId: OTHER_TOWN, role: null }), townAdmin);
    row((v) => can(v, "user.manage", { organizationId: OTHER_TOWN, role: "pmo" }), pmoOnly);
    row((v) => can(v, "user.manage", { organizationId: OTHER_TOWN, role: "executive" }), pmoOnly);
    row((v) => can(v, "user.manage", { organizationId: TOWN, role: "member" }), pmoOnly);
    row((v) => can(v, "people.import", { organizationId: OTHER_TOWN }), townAdmin);
    row((v) => can(v, "people.import", { organizationId: TOWN }), pmoOnly);
    row((v) => can(v, "consortium.configure"), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "consortium.manage"), {
      pmo: true,
      member: false,
      lead: false,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
  });

  it("publish progress reports: PMO only; leadership and members read published ones; drafts PMO only", () => {
    row((v) => can(v, "report.publish"), {
      pmo: true,
      member: false,
      lead: false,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
    row((v) => can(v, "report.read", { status: "公開" }), {
      pmo: true,
      member: true,
      lead: true,
      outsider: true,
      orgAdmin: true,
      executive: true,
      vendor: false,
    });
    row((v) => can(v, "report.read", { status: "下書き" }), {
      pmo: true,
      member: false,
      lead: false,
      outsider: false,
      orgAdmin: false,
      executive: false,
      vendor: false,
    });
  });

  it("audit log: PMO all, town admin own town, others their own actions, leadership none", () => {
    expect(Object.fromEntries(Object.entries(personas).map(([k, v]) => [k, auditScope(v)]))).toEqual({
      pmo: "all",
      member: "own",
      lead: "own",
      outsider: "own",
      orgAdmin: "organization",
      executive: "none",
      vendor: "own",
    });
    row((v) => can(v, "audit.list"), {
      pmo: true,
      member: true,
      lead: true,
      outsider: true,
      orgAdmin: true,
      executive: false,
      vendor: true,
    });
  });

  it("vendor guests: the PMO or the WG's lead invites; the PMO manages all guests; insiders of the WG mark the 回答", () => {
    row((v) => can(v, "guest.invite", { wgId: WG }), { pmo: true, member: false, lead: true, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "guest.invite", { wgId: OTHER_WG }), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "guest.manage"), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "comment.markAnswer", { wgId: WG }), { pmo: true, member: true, lead: true, outsider: false, orgAdmin: false, executive: false, vendor: false });
  });

  it("imports: issues by the PMO or the WG's lead into that WG; people by the PMO or a town admin for their town; the page for either", () => {
    row((v) => can(v, "issue.import", { wgId: WG }), { pmo: true, member: false, lead: true, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "issue.import", { wgId: OTHER_WG }), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "people.import", { organizationId: OTHER_TOWN }), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: true, executive: false, vendor: false });
    row((v) => can(v, "people.import", { organizationId: TOWN }), { pmo: true, member: false, lead: false, outsider: false, orgAdmin: false, executive: false, vendor: false });
    row((v) => can(v, "import.open"), { pmo: true, member: false, lead: true, outsider: false, orgAdmin: true, executive: false, vendor: false });
    // A vendor is never a lead, even if a row said so.
    expect(can({ ...personas.vendor, wgRoles: { [WG]: "lead" } }, "issue.import", { wgId: WG })).toBe(false);
  });

  it("nobody signed in may do anything", () => {
    expect(can(null, "issue.read", shared)).toBe(false);
    expect(can(undefined, "report.read", { status: "公開" })).toBe(false);
  });
});

describe("refusals", () => {
  it("hidden things answer 404; a refused action on a visible thing 403; vendors always 404", () => {
    expect(refusalStatus(personas.member, "issue.read")).toBe(404);
    expect(refusalStatus(personas.member, "user.manage")).toBe(403);
    // The consortium's settings and labels are not found by anyone who may not use them.
    expect(refusalStatus(personas.orgAdmin, "consortium.configure")).toBe(404);
    expect(refusalStatus(personas.orgAdmin, "user.manage")).toBe(403);
    expect(refusalStatus(personas.vendor, "user.list")).toBe(404);
    // The people import is not found by anyone who may not use it, staff and leadership included.
    for (const persona of ["member", "executive", "orgAdmin"] as const) expect(refusalStatus(personas[persona], "people.import")).toBe(404);
    // So is the import page.
    expect(refusalStatus(personas.member, "import.open")).toBe(404);
    expect(refusalStatus(personas.member, "issue.import")).toBe(404);
  });
});

describe("navigation", () => {
  it("each persona sees the sections they can open", () => {
    expect(visibleSections(personas.pmo)).toEqual(["dashboard", "projects", "wgs", "decisions", "reports", "admin"]);
    expect(visibleSections(personas.member)).toEqual(["dashboard", "projects", "wgs", "decisions", "reports"]);
    expect(visibleSections(personas.orgAdmin)).toEqual(["dashboard", "projects", "wgs", "decisions", "reports", "admin"]);
    expect(visibleSections(personas.executive)).toEqual(["dashboard", "decisions", "reports"]);
    expect(visibleSections(personas.vendor)).toEqual(["dashboard", "wgs"]);
  });
});

describe("an archived consortium (保管)", () => {
  it("is read, never changed: every write is refused, reads and the export stay", () => {
    const pmo = { ...personas.pmo, readOnly: true };
    const member = { ...personas.member, readOnly: true };
    expect(can(pmo, "issue.read", shared)).toBe(true);
    expect(can(member, "wg.read", { wgId: WG })).toBe(true);
    expect(can(pmo, "consortium.export")).toBe(true);
    expect(can(pmo, "issue.create", { wgId: WG })).toBe(false);
    expect(can(member, "comment.create", shared)).toBe(false);
    expect(can(pmo, "consortium.configure")).toBe(false);
    expect(can(pmo, "user.manage", { organizationId: TOWN, role: "member" })).toBe(false);
  });
});
