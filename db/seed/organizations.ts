// The consortium, its organizations (five towns, the prefecture, two vendors, the PMO office)
// and the people who sign in, with their consortium roles.
import { fiscalYear } from "../../app/utils/dates";
import { accountRow, consortiumRoleRow, consortiumRow, organizationRow, userRow } from "../factories/consortium";
import type * as schema from "../schema/index";
import { MIN } from "./clock";
import { type Build, CONSORTIUM_ID, FISCAL_YEAR_START } from "./context";
import type { OrgKey, TownKey, UserKey } from "./keys";

export const ORGS: {
  key: OrgKey;
  kind: (typeof schema.ORGANIZATION_KINDS)[number];
  name: string;
  kana: string;
  lgCode?: string;
  population?: number;
}[] = [
  // Municipalities first (ids 1..5). 団体コード use a fictional prefecture number (48) with valid check digits.
  { key: "kita", kind: "municipality", name: "北川市", kana: "きたがわし", lgCode: "482013", population: 82_416 },
  { key: "mina", kind: "municipality", name: "南浜町", kana: "みなみはまちょう", lgCode: "483419", population: 18_532 },
  { key: "higa", kind: "municipality", name: "東山村", kana: "ひがしやまむら", lgCode: "483826", population: 3_874 },
  { key: "nishi", kind: "municipality", name: "西原市", kana: "にしはらし", lgCode: "482021", population: 54_109 },
  { key: "chuo", kind: "municipality", name: "中央町", kana: "ちゅうおうちょう", lgCode: "484211", population: 12_287 },
  { key: "pref", kind: "prefecture", name: "さくら県", kana: "さくらけん", lgCode: "480002", population: 1_184_000 },
  { key: "vA", kind: "vendor", name: "株式会社さくらシステムズ", kana: "さくらしすてむず" },
  { key: "vB", kind: "vendor", name: "みらい情報サービス株式会社", kana: "みらいじょうほうさーびす" },
  { key: "pmo", kind: "other", name: "協議会事務局", kana: "きょうぎかいじむきょく" },
];

export interface UserSpec {
  key: UserKey;
  email: string;
  org: OrgKey;
  name: string;
  kana: string;
  dept: string;
  rank: (typeof schema.RANKS)[number];
  role?: (typeof schema.CONSORTIUM_ROLES)[number];
  orgAdmin?: boolean;
  active?: boolean;
  guest?: boolean;
}

export const USERS: UserSpec[] = [
  // The five logins of DESIGN.md.
  { key: "pmo", email: "pmo@demo.renkei.jp", org: "pmo", name: "佐藤 美咲", kana: "さとう みさき", dept: "協議会事務局（北川市 情報政策課から派遣）", rank: "所属長", role: "pmo" },
  { key: "kStaff", email: "staff@kitagawa.demo.renkei.jp", org: "kita", name: "高橋 健太", kana: "たかはし けんた", dept: "市民課", rank: "担当者" },
  { key: "mLead", email: "lead@minamihama.demo.renkei.jp", org: "mina", name: "田中 由美", kana: "たなか ゆみ", dept: "住民課", rank: "所属長", orgAdmin: true },
  { key: "exec", email: "exec@demo.renkei.jp", org: "pmo", name: "山本 浩二", kana: "やまもと こうじ", dept: "推進本部（本部長・北川市副市長）", rank: "経営層", role: "executive" },
  { key: "vA", email: "vendor@vendor-a.demo.renkei.jp", org: "vA", name: "伊藤 大輔", kana: "いとう だいすけ", dept: "公共ソリューション事業部", rank: "担当者", guest: true },
  // Town admins.
  { key: "kAdmin", email: "admin@kitagawa.demo.renkei.jp", org: "kita", name: "渡辺 真一", kana: "わたなべ しんいち", dept: "情報政策課", rank: "所属長", orgAdmin: true },
  { key: "hAdmin", email: "admin@higashiyama.demo.renkei.jp", org: "higa", name: "中村 直樹", kana: "なかむら なおき", dept: "総務課", rank: "所属長", orgAdmin: true },
  { key: "nAdmin", email: "admin@nishihara.demo.renkei.jp", org: "nishi", name: "小林 恵子", kana: "こばやし けいこ", dept: "情報システム課", rank: "所属長", orgAdmin: true },
  { key: "cAdmin", email: "admin@chuo.demo.renkei.jp", org: "chuo", name: "加藤 誠", kana: "かとう まこと", dept: "企画課", rank: "所属長", orgAdmin: true },
  // Town staff.
  { key: "kTax", email: "tax@kitagawa.demo.renkei.jp", org: "kita", name: "吉田 翔太", kana: "よしだ しょうた", dept: "税務課", rank: "担当者" },
  { key: "kWel", email: "welfare@kitagawa.demo.renkei.jp", org: "kita", name: "山田 彩", kana: "やまだ あや", dept: "福祉課", rank: "担当者" },
  { key: "kIt", email: "it@kitagawa.demo.renkei.jp", org: "kita", name: "阿部 悠斗", kana: "あべ ゆうと", dept: "情報政策課", rank: "担当者" },
  { key: "kDir", email: "director@kitagawa.demo.renkei.jp", org: "kita", name: "岡田 修", kana: "おかだ おさむ", dept: "総務部", rank: "部門長" },
  { key: "kFormer", email: "former@kitagawa.demo.renkei.jp", org: "kita", name: "藤田 誠司", kana: "ふじた せいじ", dept: "市民課（人事異動により転出）", rank: "担当者", active: false },
  { key: "mStaff", email: "staff@minamihama.demo.renkei.jp", org: "mina", name: "佐々木 拓也", kana: "ささき たくや", dept: "住民課", rank: "担当者" },
  { key: "mTax", email: "tax@minamihama.demo.renkei.jp", org: "mina", name: "山口 恵", kana: "やまぐち めぐみ", dept: "税務課", rank: "担当者" },
  { key: "mWel", email: "welfare@minamihama.demo.renkei.jp", org: "mina", name: "松本 陽介", kana: "まつもと ようすけ", dept: "健康福祉課", rank: "担当者" },
  { key: "hStaff", email: "staff@higashiyama.demo.renkei.jp", org: "higa", name: "井上 千尋", kana: "いのうえ ちひろ", dept: "住民税務課", rank: "担当者" },
  { key: "hWel", email: "welfare@higashiyama.demo.renkei.jp", org: "higa", name: "木村 和也", kana: "きむら かずや", dept: "保健福祉課", rank: "担当者" },
  { key: "nStaff", email: "staff@nishihara.demo.renkei.jp", org: "nishi", name: "林 早紀", kana: "はやし さき", dept: "市民課", rank: "担当者" },
  { key: "nTax", email: "tax@nishihara.demo.renkei.jp", org: "nishi", name: "清水 亮", kana: "しみず りょう", dept: "市民税課", rank: "担当者" },
  { key: "nWel", email: "welfare@nishihara.demo.renkei.jp", org: "nishi", name: "山崎 舞", kana: "やまざき まい", dept: "障害福祉課", rank: "担当者" },
  { key: "cStaff", email: "staff@chuo.demo.renkei.jp", org: "chuo", name: "森 隆", kana: "もり たかし", dept: "町民課", rank: "担当者" },
  { key: "cTax", email: "tax@chuo.demo.renkei.jp", org: "chuo", name: "池田 奈々", kana: "いけだ なな", dept: "税務課", rank: "担当者" },
  { key: "cWel", email: "welfare@chuo.demo.renkei.jp", org: "chuo", name: "橋本 和子", kana: "はしもと かずこ", dept: "福祉課", rank: "担当者" },
  // Prefecture and the second vendor.
  { key: "pref", email: "dx@pref-sakura.demo.renkei.jp", org: "pref", name: "石川 理恵", kana: "いしかわ りえ", dept: "市町村課 デジタル推進室", rank: "担当者" },
  { key: "vB", email: "vendor@vendor-b.demo.renkei.jp", org: "vB", name: "前田 剛", kana: "まえだ つよし", dept: "自治体ソリューション部", rank: "担当者", guest: true },
];

/** Who records a town's stance and confirms its minutes: the town admin. */
export const TOWN_ADMIN: Record<TownKey, UserKey> = {
  kita: "kAdmin",
  mina: "mLead",
  higa: "hAdmin",
  nishi: "nAdmin",
  chuo: "cAdmin",
};

export const DISCUSSION_RULES = [
  "- 付箋には要点だけを短く書く（1枚に1つの論点）",
  "- 団体の規模や立場に関係なく、発言は対等に扱う",
  "- 事業者との個別協議はしない（窓口は事務局に一本化）",
  "- 決まったことはその場で「決定事項」に記録する",
  "- 持ち越す課題は、期限と担当を決めてから次へ進む",
  "- 会議後3開庁日以内に、各団体が議事録（付箋）を確認する",
].join("\n");

export function buildOrganizations(b: Build) {
  const { d, at, day, orgId, userId, passwordHash } = b;
  // Consortium and organizations.
  const founded = at(-730, 10, 0);
  d.consortium.push(consortiumRow({
    id: CONSORTIUM_ID,
    name: "さくら広域自治体クラウド協議会",
    legalForm: "任意協議会",
    fiscalYearStartMonth: FISCAL_YEAR_START,
    decisionRule: "unanimity",
    discussionRules: DISCUSSION_RULES,
    createdAt: founded,
  }));
  ORGS.forEach((o, i) => {
    orgId[o.key] = i + 1;
    d.organization.push(organizationRow({
      id: i + 1, consortiumId: CONSORTIUM_ID, kind: o.kind, name: o.name, nameKana: o.kana,
      lgCode: o.lgCode ?? null, population: o.population ?? null, createdAt: founded + (i + 1) * MIN,
    }));
  });

  // Users: vendor guest access lasts until the end of the next fiscal year.
  const currentFiscalYear = fiscalYear(day(0), FISCAL_YEAR_START);
  const guestAccessUntil = `${currentFiscalYear + 1}-03-31`;
  USERS.forEach((u, i) => {
    userId[u.key] = i + 1;
    const createdAt = at(-400, 9, i);
    // The PMO set the installation up: it is also its operator (ADR 029).
    d.account.push(accountRow({ id: i + 1, email: u.email, passwordHash, locale: "ja", operator: u.key === "pmo", lastUserId: null, createdAt }));
    d.user.push(userRow({
      id: i + 1, accountId: i + 1, consortiumId: CONSORTIUM_ID, organizationId: orgId[u.org], displayName: u.name, displayNameKana: u.kana,
      department: u.dept, rank: u.rank, active: u.active ?? true,
      orgAdmin: u.orgAdmin ?? false, accessUntil: u.guest ? guestAccessUntil : null, lastLoginAt: null, createdAt,
    }));
    d.consortiumRole.push(consortiumRoleRow({ userId: i + 1, consortiumId: CONSORTIUM_ID, role: u.role ?? "member", createdAt }));
  });
}
