// Backup and restore of an installation (ADR 027):
//   npm run backup -- DIR     while the server runs: the database, its files and a manifest into DIR
//   npm run restore -- DIR    with the server stopped: checks the backup in DIR, then puts it in place
// Both use DATABASE_PATH and DATA_DIR as `npm start` does.
// Exit codes: 0 done; 2 refused, nothing changed (usage, the folder, a damaged backup, a server
// still running, a backup of a newer version); 3 backup written, but the installation lacked
// files its database refers to, or its database failed the integrity check (listed); 1 any other error.
import path from "node:path";
import { env } from "../app/utils/env.server";
import { backUp, Refused, restore, type Manifest } from "../app/utils/backup.server";
import { formatDateTime } from "../app/utils/dates";

const [command, given, ...extra] = process.argv.slice(2);
// npm runs scripts in the app's folder; a relative DIR means the folder the command was typed in.
const dir = given && path.resolve(process.env.INIT_CWD ?? process.cwd(), given);
const installation = { databasePath: env.databasePath, dataDir: env.dataDir };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString("ja-JP", { maximumFractionDigits: 1 })} MB`;
const count = (n: number) => n.toLocaleString("ja-JP");
const rows = (m: Manifest) => Object.values(m.tables).reduce((a, b) => a + b, 0);
const fileBytes = (m: Manifest) => m.files.reduce((a, f) => a + f.size, 0);

/** What the backup holds, in the lines both commands print. */
function describe(m: Manifest) {
  return [
    `  データベース: ${megabytes(m.database.size)}（${count(Object.keys(m.tables).length)} 表、${count(rows(m))} 行、マイグレーション ${m.schema.migrations} 件適用済み）`,
    `  添付ファイル: ${count(m.files.length)} 件（${megabytes(fileBytes(m))}）`,
    `  作成: ${formatDateTime(Date.parse(m.createdAt))}（Renkei ${m.appVersion}）`,
  ];
}

/** Problems of the installation that the backup carries along; they make `backup` exit 3. */
function problems(m: Manifest) {
  const lines = m.unavailableFiles.map((f) => `  ${f.reason === "missing" ? "ファイルがありません" : "ファイルが壊れています（checksum 不一致）"}: files/${f.sha256.slice(0, 2)}/${f.sha256}`);
  if (m.integrityCheck !== "ok") lines.unshift(`  データベースの整合性検査（integrity_check）で問題が見つかりました: ${m.integrityCheck}`);
  return lines;
}

function run(): number {
  if ((command !== "backup" && command !== "restore") || !dir || extra.length) {
    console.error("使い方: npm run backup -- バックアップ先のフォルダー ／ npm run restore -- バックアップのフォルダー");
    return 2;
  }
  if (command === "backup") {
    const report = backUp(installation, dir);
    console.log(`バックアップを書き込みました: ${report.dir}（${(report.milliseconds / 1000).toFixed(1)} 秒）`);
    console.log([`  元: ${installation.databasePath}、${installation.dataDir}`, ...describe(report.manifest), `  内容の一覧と checksum: ${report.dir}/manifest.json`].join("\n"));
    const found = problems(report.manifest);
    if (!found.length) return 0;
    console.error(["注意: このインストールには次の問題があり、バックアップにもそのまま含まれています。", ...found].join("\n"));
    return 3;
  }
  const report = restore(installation, dir);
  const lines = [`復元しました: ${installation.databasePath}、${installation.dataDir}/files`, ...describe(report.manifest), "  検査: checksum 一致、integrity_check ok、行数は manifest.json のとおり"];
  if (report.previous.database || report.previous.files) {
    lines.push("復元前のデータは残してあります（元に戻すときは、これらを元の名前に戻してください）:");
    for (const kept of [report.previous.database, report.previous.files]) if (kept) lines.push(`  ${kept}`);
  }
  if (report.migratesAtStart) lines.push("このバックアップは以前の版のものです。次に npm start したときにデータベースが今の版に更新されます。");
  if (report.manifest.unavailableFiles.length) lines.push(`注意: バックアップの時点で添付ファイル ${report.manifest.unavailableFiles.length} 件が欠けていたため、それらは開けません。`);
  console.log(lines.join("\n"));
  return 0;
}

try {
  process.exitCode = run();
} catch (error) {
  if (!(error instanceof Refused)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
