// A list of people (職員名簿) as a town or the PMO keeps it in Excel or saves it as CSV: a
// title line or two, a header row (氏名, ふりがな, メール, 団体, 所属, 職位, WG, 役割 in any
// order, with full-width spaces or 「（必須）」), then one person a row. This module only reads
// the file into cells and the cells into words; whether a row may be created is the model's
// question (app/models/people-import.server.ts). Cells are kept as text: nothing is evaluated,
// so 「=HYPERLINK(…)」 is a name like any other (CSV downloads escape it, app/utils/csv.ts).
import { RANKS } from "../../db/schema/consortium";
import { MAX_PEOPLE_LINES, PEOPLE_COLUMNS, type PeopleColumn, type PersonCells } from "~/domain/people-import";
import type { MessageKey, Vars } from "~/i18n";
import type { ConsortiumRole, WgRole } from "~/policy/permissions";
import { toCsv } from "~/utils/csv";
import { checkUpload, safeFileName } from "~/utils/upload.server";
import { cleanLine, normalizeKey } from "./normalize.server";
import { readTable, type Sheet } from "./table.server";

/** Longer cells are cut (every field's own limit is far below, so the row is still refused). */
const MAX_CELL = 300;
/** The header row is looked for in the first lines only. */
const HEADER_WINDOW = 15;

/** Header words per column, as a key (normalizeKey) without marks; the first list is tried first. */
const HEADER_WORDS: [PeopleColumn, string[]][] = [
  ["kana", ["ふりがな", "フリガナ", "よみがな", "ヨミガナ", "かな", "カナ", "氏名かな", "氏名カナ", "氏名ふりがな", "氏名(かな)", "氏名(カナ)", "氏名(ふりがな)", "氏名(フリガナ)", "よみ"]],
  ["name", ["氏名", "名前", "お名前", "職員名", "利用者名", "表示名"]],
  ["email", ["メール", "メールアドレス", "eメール", "e-mail", "email", "mail", "電子メール", "ログインid"]],
  ["organization", ["団体", "団体名", "所属団体", "構成団体", "自治体", "自治体名", "市町村", "市町村名", "組織", "組織名"]],
  ["department", ["所属", "所属課", "所属部署", "部署", "部署名", "課", "課名", "担当課", "課・係", "所属(課・係)"]],
  ["rank", ["職位", "役職", "職階", "職級"]],
  ["wgs", ["wg", "参加wg", "所属wg", "wg名", "ワーキンググループ", "部会"]],
  ["roles", ["役割", "協議会での役割", "権限", "ロール"]],
];
const HEADER_KEYS = new Map(HEADER_WORDS.flatMap(([column, words]) => words.map((w) => [headerKey(w), column] as const)));

function headerKey(label: string) {
  return normalizeKey(label).replace(/[※*:：]/g, "");
}

/** The column a header cell names: as written, or without a note in brackets (メール（ログインID）). */
export function peopleColumn(label: string): PeopleColumn | undefined {
  const key = headerKey(label);
  if (!key) return undefined;
  return HEADER_KEYS.get(key) ?? HEADER_KEYS.get(key.replace(/[(（[【].*?[)）\]】]/g, ""));
}

export type PeopleTable = { ok: true; sheetName: string; rows: PersonCells[]; examples: number };
export type PeopleFileRefusal = { ok: false; status: 400 | 413 | 415; message: MessageKey; vars?: Vars };

/** A row left as the template's sample (「（記入例）連携 花子」) is not a person. */
const EXAMPLE = /^[(【[]?記入例/;

/** The people of the first sheet with a header row; the header needs at least 氏名 and メール. */
export function findPeople(sheets: Sheet[]): PeopleTable | PeopleFileRefusal {
  let partial: PeopleColumn[] | null = null;
  for (const sheet of sheets) {
    for (let at = 0; at < Math.min(sheet.rows.length, HEADER_WINDOW); at++) {
      const columns = new Map<PeopleColumn, number>();
      (sheet.rows[at] ?? []).forEach((cell, i) => {
        const column = peopleColumn(cell);
        if (column && !columns.has(column)) columns.set(column, i);
      });
      if (columns.size < 2) continue;
      if (!columns.has("name") || !columns.has("email")) {
        partial ??= [...columns.keys()];
        continue;
      }
      return { ok: true, sheetName: sheet.name, ...bodyRows(sheet.rows, at, columns) };
    }
  }
  if (partial) return { ok: false, status: 400, message: "people.file.missingColumns" };
  return { ok: false, status: 400, message: "people.file.noHeader" };
}

function bodyRows(rows: string[][], header: number, columns: Map<PeopleColumn, number>) {
  const people: PersonCells[] = [];
  let examples = 0;
  for (let i = header + 1; i < rows.length; i++) {
    const cells = (rows[i] ?? []).map((c) => cleanLine(c).slice(0, MAX_CELL));
    if (cells.every((c) => !c)) continue;
    if (cells.some((c) => EXAMPLE.test(c.normalize("NFKC")))) {
      examples++;
      continue;
    }
    const person = { line: i + 1 } as PersonCells;
    for (const column of PEOPLE_COLUMNS) {
      const index = columns.get(column);
      person[column] = index === undefined ? "" : cells[index] ?? "";
    }
    people.push(person);
  }
  return { rows: people, examples };
}

const TABLE_EXTENSIONS = new Set(["xlsx", "xls", "csv", "tsv", "txt"]);
const TEXT_EXTENSIONS = new Set(["csv", "tsv", "txt"]);

/**
 * An uploaded file as rows of people, or why not (with the HTTP status it is refused with):
 * the upload checks of every attachment (size, empty, content against its name), then the
 * spreadsheet reader. A CSV saved by Excel in Shift_JIS (CP932) is not UTF-8 text to
 * checkUpload, so a text file's name is trusted as far as the CSV reader.
 */
export async function readPeopleFile(fileName: string, bytes: Buffer): Promise<PeopleTable | PeopleFileRefusal> {
  const extension = safeFileName(fileName).split(".").pop()?.toLowerCase() ?? "";
  if (!TABLE_EXTENSIONS.has(extension)) return { ok: false, status: 415, message: "people.file.type" };
  const upload = checkUpload(fileName, bytes);
  if (!upload.ok) {
    if (upload.error === "upload.tooLarge") return { ok: false, status: 413, message: "people.file.tooLarge" };
    if (upload.error === "upload.empty") return { ok: false, status: 400, message: "people.file.empty" };
    if (upload.error !== "upload.typeNotAllowed" || !TEXT_EXTENSIONS.has(extension)) return { ok: false, status: 415, message: "people.file.type" };
  }
  const table = await readTable(bytes, fileName, { maxRows: MAX_PEOPLE_LINES });
  if (!table.ok) return { ok: false, status: 400, message: "people.file.unreadable", vars: { reason: table.message } };
  const found = findPeople(table.sheets);
  if (found.ok && found.rows.length === 0) return { ok: false, status: 400, message: "people.file.noRows" };
  return found;
}

// --- the words of a cell ------------------------------------------------------------------

export type Rank = (typeof RANKS)[number];
/** An empty 職位 cell. */
export const DEFAULT_RANK: Rank = RANKS[0];

/** 職位: one of the four ranks as written (empty: 担当者), or null for anything else. */
export function rankOf(text: string): Rank | null {
  const key = normalizeKey(text);
  if (!key) return DEFAULT_RANK;
  return RANKS.find((r) => r === key) ?? null;
}

/** An address as typed with an IME: full-width letters and ＠ folded, spaces dropped. */
export function normalizeEmail(text: string) {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** The WG names of a cell, separated by 、 , ; or line breaks (a WG name may hold ・ or spaces). */
export function wgNames(text: string) {
  return text.split(/[、,，;；\n]/).map((n) => n.trim()).filter(Boolean);
}

type RoleWord = { role: ConsortiumRole } | { orgAdmin: true } | { wgRole: WgRole };

/** 役割 words, as the screens name the roles (and as people say them). */
const ROLE_WORDS: [RoleWord, string[]][] = [
  [{ role: "pmo" }, ["事務局", "事務局(pmo)", "pmo", "事務局員"]],
  [{ role: "executive" }, ["経営層", "幹部"]],
  [{ role: "member" }, ["構成団体職員", "職員", "一般"]],
  [{ orgAdmin: true }, ["団体管理者", "管理者"]],
  [{ wgRole: "lead" }, ["wgリーダー", "リーダー"]],
  [{ wgRole: "member" }, ["メンバー", "wgメンバー"]],
  [{ wgRole: "guest" }, ["ゲスト", "ゲスト(事業者)"]],
];
const ROLE_KEYS = new Map(ROLE_WORDS.flatMap(([word, names]) => names.map((n) => [normalizeKey(n), word] as const)));

export type Roles = {
  role: ConsortiumRole | null;
  orgAdmin: boolean;
  wgRole: WgRole | null;
  /** The first word that is not a role, or names two of a kind. */
  problem: { message: MessageKey; vars: Vars } | null;
};

/**
 * The 役割 cell: at most one consortium role (事務局 / 経営層 / 構成団体職員), 団体管理者, and at
 * most one role in the row's WGs (リーダー / メンバー / ゲスト), separated by 、 or ・.
 * 「メンバー」 alone is the everyday member: in the row's WGs if it names any, else nothing more.
 */
export function parseRoles(text: string): Roles {
  const roles: Roles = { role: null, orgAdmin: false, wgRole: null, problem: null };
  const words = text.split(/[、,，・/／;；\n]/).flatMap((w) => {
    if (!w.trim() || ROLE_KEYS.has(normalizeKey(w))) return [w];
    return w.trim().split(/[\s\u3000]+/); // 「事務局 団体管理者」
  });
  for (const raw of words) {
    const word = raw.trim();
    if (!word) continue;
    const meaning = ROLE_KEYS.get(normalizeKey(word));
    if (!meaning) return { ...roles, problem: { message: "people.err.roleUnknown", vars: { value: word } } };
    if ("role" in meaning) {
      if (roles.role && roles.role !== meaning.role) return { ...roles, problem: { message: "people.err.roleTwice", vars: { value: word } } };
      roles.role = meaning.role;
    } else if ("wgRole" in meaning) {
      if (roles.wgRole && roles.wgRole !== meaning.wgRole) return { ...roles, problem: { message: "people.err.wgRoleTwice", vars: { value: word } } };
      roles.wgRole = meaning.wgRole;
    } else {
      roles.orgAdmin = true;
    }
  }
  return roles;
}

// --- the template ------------------------------------------------------------------------

/**
 * The sample file offered on the page: a title line that says how to fill it in, the header,
 * and one 「（記入例）」 row (skipped if it is left in). UTF-8 with a BOM, so Excel opens it.
 */
export function peopleTemplateCsv({ title, headers, example }: { title: string; headers: string[]; example: string[] }) {
  return toCsv([[title], headers, example]);
}
