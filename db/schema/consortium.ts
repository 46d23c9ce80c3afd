// Consortium (協議会), member organizations, users, sessions and roles.
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

export const user = sqliteTable(
  "user",
  {
    id: id(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    displayNameKana: text("display_name_kana").notNull().default(""),
    /** 所属 (department), e.g. 情報政策課. */
    department: text("department").notNull().default(""),
    rank: text("rank", { enum: RANKS }).notNull().default("担当者"),
    locale: text("locale", { enum: LOCALES }).notNull().default("ja"),
    passwordHash: text("password_hash"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** 団体管理者: manages the accounts of their own organization only. */
    orgAdmin: flag("org_admin"),
    /** Guest access (vendors) ends at the end of this date (契約期間), Japan time. */
    accessUntil: text("access_until"),
    lastLoginAt: integer("last_login_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_email_uq").on(sql`lower(${t.email})`),
    index("user_org_idx").on(t.organizationId),
  ],
);

/** Lucia sessions; expires_at is in seconds as the adapter expects. */
export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
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

/** One-time links: set a password after a reset, or accept an invitation. Only the hash is kept. */
export const accountToken = sqliteTable(
  "account_token",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    purpose: text("purpose", { enum: ["reset", "invite"] }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id),
    createdBy: integer("created_by").references(() => user.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("account_token_hash_uq").on(t.tokenHash), index("account_token_user_idx").on(t.userId)],
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
