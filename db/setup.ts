// The first setup from the command line (ADR 023), for scripted installs:
//   npm run setup-url                      prints the one-time /setup link again
//   npm run setup -- --consortium 名称 --organization 事務局の団体名 --name 氏名 --email メール
//                    [--legal-form 任意協議会] [--fiscal-year-start 4] [--decision-rule unanimity|two_thirds]
//                    [--organization-kind municipality|prefecture|other] [--kana ふりがな] [--department 所属]
//   npm run setup -- --from renkei-….zip --email PMOのメール [--invite-all]
//                    starts from a consortium's export instead (ADR 026): the PMO of that e-mail
//                    signs in first; --invite-all mails everyone else a set-password link now
// The account gets a one-time set-password link (printed); SETUP_PASSWORD sets a password instead.
// Both use DATABASE_PATH as `npm start` does, and migrate the database first.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { translate, type MessageKey } from "../app/i18n";
import { migrateDatabase } from "./migrate";

// Migrate before the models load (some prepare their statements when loaded).
const { migrateWith } = await import("../app/utils/db.server");
migrateWith(migrateDatabase);
const { env } = await import("../app/utils/env.server");
const { isInstalled, setupToken, setupSchema, setUpInstallation } = await import("../app/models/installation.server");
const { newPasswordFields } = await import("../app/utils/password-policy");
const { importInstallation } = await import("../app/models/consortium-import.server");

const [command, ...rest] = process.argv.slice(2);
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

if (command === "url") {
  const token = await setupToken();
  if (!token) fail("初期設定はすでに終わっています（協議会が登録されています）。");
  console.log(`Renkei の初期設定: ${env.appUrl}/setup?token=${token}`);
} else if (command === "run") {
  if (isInstalled()) fail("初期設定はすでに終わっています（協議会が登録されています）。");
  const parsedArgs = parseArgs({
    args: rest,
    options: {
      ...Object.fromEntries(
        ["consortium", "organization", "organization-kind", "name", "kana", "department", "email", "legal-form", "fiscal-year-start", "decision-rule", "from"].map((o) => [o, { type: "string" as const }]),
      ),
      "invite-all": { type: "boolean" as const },
    },
  });
  const values = parsedArgs.values as Record<string, string | undefined> & { "invite-all"?: boolean };
  const password = process.env.SETUP_PASSWORD ?? null;
  if (password !== null && !newPasswordFields.shape.password.safeParse(password).success) fail(`SETUP_PASSWORD: ${translate("ja", "account.passwordTooShort")}`);
  if (values.from !== undefined) {
    // From a consortium's export: the records as they were, the PMO of --email signing in first.
    if (!values.email) fail("--email: 最初にログインする PMO のメールアドレスを指定してください。");
    const from = String(values.from);
    if (!fs.existsSync(from)) fail(`--from: ファイル ${from} がありません。`);
    const result = await importInstallation({ token: null, file: from, email: String(values.email), password, inviteOthers: values["invite-all"] === true });
    if (!result.ok) {
      if (result.kind === "not-found") fail(translate("ja", "setup.notAvailable"));
      else fail(Object.values(result.errors).map((m) => translate("ja", m!, { where: "where" in result ? (result.where ?? "") : "" })).join("\n"));
    } else {
      const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
      console.log(`協議会「${result.manifest.consortium.name}」を移行データから登録しました（${rows.toLocaleString("ja")}行、添付ファイル${result.manifest.files.length}件）。`);
      if (result.invited) console.log(`ほかの ${result.invited} 人に、パスワード設定のご案内メールを送ります。`);
      console.log(result.resetToken ? `パスワードの設定（${values.email}）: ${env.appUrl}/set-password/${result.resetToken}` : `ログイン: ${env.appUrl}/login`);
    }
    process.exit(0);
  }
  const parsed = setupSchema.safeParse({
    consortiumName: values.consortium,
    legalForm: values["legal-form"] ?? "任意協議会",
    fiscalYearStartMonth: values["fiscal-year-start"] ?? 4,
    decisionRule: values["decision-rule"] ?? "unanimity",
    organizationName: values.organization ?? values.consortium,
    organizationKind: values["organization-kind"] ?? "municipality",
    displayName: values.name,
    displayNameKana: values.kana ?? "",
    department: values.department ?? "",
    email: values.email,
  });
  const option: Record<string, string> = { consortiumName: "--consortium", organizationName: "--organization", displayName: "--name", email: "--email", legalForm: "--legal-form", fiscalYearStartMonth: "--fiscal-year-start", decisionRule: "--decision-rule", organizationKind: "--organization-kind" };
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `${option[String(i.path[0])] ?? String(i.path[0])}: ${translate("ja", i.message as MessageKey)}`).join("\n"));
  }
  const result = await setUpInstallation({ token: null, input: parsed.data!, password });
  if (!result.ok) fail(Object.values(result.kind === "not-found" ? { form: "setup.notAvailable" as MessageKey } : result.errors).map((m) => translate("ja", m!)).join("\n"));
  if (result.ok) {
    console.log(`協議会「${parsed.data!.consortiumName}」と最初の PMO（${parsed.data!.email}）を登録しました。`);
    console.log(result.resetToken ? `パスワードの設定: ${env.appUrl}/set-password/${result.resetToken}` : `ログイン: ${env.appUrl}/login`);
  }
} else {
  fail("使い方: npm run setup-url ／ npm run setup -- --consortium … --name … --email … ／ npm run setup -- --from ファイル.zip --email …");
}
