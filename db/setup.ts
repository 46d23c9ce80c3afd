// The first setup from the command line (ADR 023), for scripted installs:
//   npm run setup-url                      prints the one-time /setup link again
//   npm run setup -- --consortium 名称 --organization 事務局の団体名 --name 氏名 --email メール
//                    [--legal-form 任意協議会] [--fiscal-year-start 4] [--decision-rule unanimity|two_thirds]
//                    [--organization-kind municipality|prefecture|other] [--kana ふりがな] [--department 所属]
// The account gets a one-time set-password link (printed); SETUP_PASSWORD sets a password instead.
// Both use DATABASE_PATH as `npm start` does, and migrate the database first.
import { parseArgs } from "node:util";
import { translate, type MessageKey } from "../app/i18n";
import { migrateDatabase } from "./migrate";

// Migrate before the models load (some prepare their statements when loaded).
const { migrateWith } = await import("../app/utils/db.server");
migrateWith(migrateDatabase);
const { env } = await import("../app/utils/env.server");
const { isInstalled, setupToken, setupSchema, setUpInstallation } = await import("../app/models/installation.server");
const { newPasswordFields } = await import("../app/utils/password-policy");

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
  const { values } = parseArgs({
    args: rest,
    options: Object.fromEntries(
      ["consortium", "organization", "organization-kind", "name", "kana", "department", "email", "legal-form", "fiscal-year-start", "decision-rule"].map((o) => [o, { type: "string" as const }]),
    ),
  });
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
  const password = process.env.SETUP_PASSWORD ?? null;
  if (password !== null && !newPasswordFields.shape.password.safeParse(password).success) fail(`SETUP_PASSWORD: ${translate("ja", "account.passwordTooShort")}`);
  const result = await setUpInstallation({ token: null, input: parsed.data!, password });
  if (!result.ok) fail(Object.values(result.kind === "not-found" ? { form: "setup.notAvailable" as MessageKey } : result.errors).map((m) => translate("ja", m!)).join("\n"));
  if (result.ok) {
    console.log(`協議会「${parsed.data!.consortiumName}」と最初の PMO（${parsed.data!.email}）を登録しました。`);
    console.log(result.resetToken ? `パスワードの設定: ${env.appUrl}/set-password/${result.resetToken}` : `ログイン: ${env.appUrl}/login`);
  }
} else {
  fail("使い方: npm run setup-url ／ npm run setup -- --consortium … --name … --email …");
}
