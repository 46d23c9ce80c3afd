// The message catalog: Japanese first, English second. Each area keeps its messages in
// its own module; this file merges them and formats `{name}` placeholders.
import common from "./common";
import admin from "./admin";
import issues from "./issues";
import structure from "./structure";
import meetings from "./meetings";
import board from "./board";
import notifications from "./notifications";
import decisions from "./decisions";
import guests from "./guests";
import reports from "./reports";
import titles from "./titles";
import mail from "./mail";
import setup from "./setup";
import settings from "./settings";
import labels from "./labels";
import deletion from "./deletion";
import people from "./people";
import exportArea from "./export";
import issueImport from "./issue-import";
import consortia from "./consortia";

const ja = { ...common.ja, ...admin.ja, ...structure.ja, ...issues.ja, ...meetings.ja, ...board.ja, ...notifications.ja, ...decisions.ja, ...guests.ja, ...reports.ja, ...titles.ja, ...mail.ja, ...setup.ja, ...settings.ja, ...labels.ja, ...deletion.ja, ...people.ja, ...exportArea.ja, ...issueImport.ja, ...consortia.ja };
export type MessageKey = keyof typeof ja;
export type Locale = "ja" | "en";
const en: Record<MessageKey, string> = { ...common.en, ...admin.en, ...structure.en, ...issues.en, ...meetings.en, ...board.en, ...notifications.en, ...decisions.en, ...guests.en, ...reports.en, ...titles.en, ...mail.en, ...setup.en, ...settings.en, ...labels.en, ...deletion.en, ...people.en, ...exportArea.en, ...issueImport.en, ...consortia.en };

const catalogs: Record<Locale, Record<MessageKey, string>> = { ja, en };

export type Vars = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, vars?: Vars) {
  const text = catalogs[locale]?.[key] ?? ja[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}

export type T = (key: MessageKey, vars?: Vars) => string;

export function translator(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in ja;
}
