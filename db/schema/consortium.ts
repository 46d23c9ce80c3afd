// Consortium (協議会), member organizations, accounts and their memberships, sessions and roles.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, flag, id } from "./columns";

export const LEGAL_FORMS = [
  "任意協議会",
  "連携協約",
  "法定協議会",
  "機関等の共同設置",
  "事務の委託",
  "事務の代替執行",
  "一部事務組合",
  "広域連合",
] as const;
export const DECISION_RULES = ["unanimity", "two_thirds", "majority"] as const;
export const ORGANIZATION_KINDS = ["municipality", "prefecture", "vendor", "other"] as const;
export const RANKS = ["担当者", "所属長", "部門長", "経営層"] as const;
export const CONSORTIUM_ROLES = ["pmo", "executive", "member"] as const;
export const LOCALES = ["ja", "en"] as const;
/** 運用中, 利用停止 (nobody signs in to it), 保管 (read-only: everything stays readable, nothing changes). */
export const CONSORTIUM_STATUSES = ["active", "suspended", "archived"] as const;

export const consortium = sqliteTable("consortium", {
  id: id(),
  name: text("name").notNull(),
  legalForm: text("legal_form", { enum: LEGAL_FORMS }).notNull().default("任意協議会"),
  fiscalYearStartMonth: integer("fiscal_year_start_month").notNull().default(4),
  /** How a decision reaches 決定; stored on each decision when it is decided. */
  decisionRule: text("decision_rule", { enum: DECISION_RULES }).notNull().default("unanimity"),
  /** 決定 waits until every participating town's internal approval is 決裁済. */
  approvalRequired: flag("approval_required"),
  /** ディスカッションルール shown in every meeting (markdown). */
  discussionRules: text("discussion_rules").notNull().default(""),
  /** Set by the installation's operator. */
  status: text("status", { enum: CONSORTIUM_STATUSES }).notNull().default("active"),
  createdAt: createdAt(),
});

export const organization = sqliteTable(
  "organization",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    kind: text("kind", { enum: ORGANIZATION_KINDS }).notNull(),
    name: text("name").notNull(),
    nameKana: text("name_kana").notNull().default(""),
    /** 団体コード: six digits, municipalities and prefectures only. */
    lgCode: text("lg_code"),
    population: integer("population"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organization_name_uq").on(t.consortiumId, t.name),
    index("organization_kind_idx").on(t.consortiumId, t.kind),
  ],
);

/**
 * The person: their sign-in (e-mail, password, language) across every consortium they belong
 * to. What they are *in* a consortium is a `user` row (a membership), see below.
 */
export const account = sqliteTable(
  "account",
  {
    id: id(),
    email: text("email").notNull(),
    passwordHash: text("password_hash"),
    locale: text("locale", { enum: LOCALES }).notNull().default("ja"),
    /** 運用者: creates consortia and appoints their first PMO; reads no consortium's content by this. */
    operator: flag("operator"),
    /** The membership (user id) signed in to last: where the next sign-in lands. */
    lastUserId: integer("last_user_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("account_email_uq").on(sql`lower(${t.email})`)],
);

/**
 * A membership: one account in one consortium, as a person of one of its organizations
 * (所属, 職位, 団体管理者, access date), with its consortium role (consortium_role) and WG roles
 * (wg_membership). Everything a consortium records about people points here, never to the
 * account, so nothing of one consortium names what the person does in another.
 */
export const user = sqliteTable(
  "user",
  {
    id: id(),
    accountId: integer("account_id")
      .notNull()
      .references(() => account.id),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    displayName: text("display_name").notNull(),
    displayNameKana: text("display_name_kana").notNull().default(""),
    /** 所属 (department), e.g. 情報政策課. */
    department: text("department").notNull().default(""),
    rank: text("rank", { enum: RANKS }).notNull().default("担当者"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** 団体管理者: manages the accounts of their own organization only. */
    orgAdmin: flag("org_admin"),
    /** Guest access (vendors) ends at the end of this date (契約期間), Japan time. */
    accessUntil: text("access_until"),
    /** Last sign-in to this consortium (or switch to it). */
    lastLoginAt: integer("last_login_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_account_consortium_uq").on(t.accountId, t.consortiumId),
    index("user_org_idx").on(t.organizationId),
    index("user_consortium_idx").on(t.consortiumId),
  ],
);

/**
 * Lucia sessions of an account; expires_at is in seconds as the adapter expects. user_id is the
 * membership the session works in (the consortium chosen in the header); null for an operator
 * who is a member of no consortium.
 */
export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => account.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => user.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("session_account_idx").on(t.accountId)],
);

export const consortiumRole = sqliteTable(
  "consortium_role",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => user.id),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    role: text("role", { enum: CONSORTIUM_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.consortiumId] }), index("consortium_role_c_idx").on(t.consortiumId)],
);

/** One-time links of an account: set a password after a reset, or accept an invitation. Only the hash is kept. */
export const accountToken = sqliteTable(
  "account_token",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    purpose: text("purpose", { enum: ["reset", "invite"] }).notNull(),
    accountId: integer("account_id")
      .notNull()
      .references(() => account.id),
    /** The membership the link is for: an invitation's consortium, a reset asked for in a consortium (null: by the owner). */
    userId: integer("user_id").references(() => user.id),
    createdBy: integer("created_by").references(() => user.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("account_token_hash_uq").on(t.tokenHash), index("account_token_account_idx").on(t.accountId)],
);

/**
 * Throttle counters shared by every server process: failed sign-ins (per account and address,
 * per account, per address) and reset-link requests, told apart by the key's prefix.
 */
export const loginAttempt = sqliteTable(
  "login_attempt",
  {
    id: id(),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("login_attempt_key_at_idx").on(t.key, t.at)],
);
