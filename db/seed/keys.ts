// The demo's names for its organizations, people, working groups and labels, and how a
// scripted comment is written. Every domain file of the seed refers to rows by these keys.

export type OrgKey = "kita" | "mina" | "higa" | "nishi" | "chuo" | "pref" | "vA" | "vB" | "pmo";
export type TownKey = "kita" | "mina" | "higa" | "nishi" | "chuo";
export const TOWNS: TownKey[] = ["kita", "mina", "higa", "nishi", "chuo"];

export type UserKey =
  | "pmo" | "kStaff" | "mLead" | "exec" | "vA"
  | "kAdmin" | "hAdmin" | "nAdmin" | "cAdmin"
  | "kTax" | "kWel" | "kIt" | "kDir" | "kFormer"
  | "mStaff" | "mTax" | "mWel"
  | "hStaff" | "hWel"
  | "nStaff" | "nTax" | "nWel"
  | "cStaff" | "cTax" | "cWel"
  | "pref" | "vB";

export type WgKey = "jumin" | "zeimu" | "fukushi" | "kiban" | "bunsho";
export type LabelKey = "std" | "form" | "mig" | "cust" | "fg" | "add" | "cost" | "sec";

export interface CommentSpec {
  by: UserKey;
  text: string;
  internal?: boolean;
  answer?: boolean;
}
export const say = (by: UserKey, text: string): CommentSpec => ({ by, text });
/** 内部メモ: hidden from vendors and leadership. The heading makes leaks easy to spot in tests. */
export const memo = (by: UserKey, text: string): CommentSpec => ({ by, text, internal: true });
export const answer = (by: UserKey, text: string): CommentSpec => ({ by, text, answer: true });
export const MEMO_HEADING = "**内部メモ（非公開）**";
