// Issues (課題) with their history: status changes, postponements (carry-overs), comments.
// `created`/`closed` are days ago, `due` is days from today.
import { issueRow } from "../factories/issue";
import * as schema from "../schema/index";
import { HOUR, MIN } from "./clock";
import { type Build, CONSORTIUM_ID, type IssueFact } from "./context";
import { answer, memo, type OrgKey, say, type LabelKey, type TownKey, type UserKey, type WgKey, type CommentSpec } from "./keys";

export type IssueType = (typeof schema.ISSUE_TYPES)[number];
export type IssueStatus = (typeof schema.ISSUE_STATUSES)[number];
export type Priority = (typeof schema.PRIORITIES)[number];

export interface IssueSpec {
  key: string;
  wg: WgKey;
  title: string;
  type: IssueType;
  status: IssueStatus;
  priority: Priority;
  assignee: UserKey | null;
  ball: OrgKey | null;
  due: number | null;
  created: number;
  createdHour?: number;
  closed?: number;
  by: UserKey;
  vendor?: boolean;
  labels?: LabelKey[];
  towns?: TownKey[]; // default: every participating town of the project
  body: string;
  postpone?: string[]; // reasons, one due-date postponement each
  comments?: CommentSpec[];
  prevAssignee?: UserKey;
  prevPriority?: Priority;
  prevBall?: OrgKey;
}

export function issueBody(summary: string, points: string[], policy?: string) {
  let text = `## 概要\n${summary}\n\n## 論点\n${points.map((p) => `- ${p}`).join("\n")}\n`;
  if (policy) text += `\n## 対応方針（案）\n${policy}\n`;
  return text;
}
export const HIDDEN_FROM_VENDOR_NOTE = "\n> ※団体間で検討中の内容のため、事業者非公開とする。\n";

export const ISSUES: IssueSpec[] = [
  // ---- 住民記録WG (7 of 20 shared with the vendor) ----
  {
    key: "j-tenshutsu", wg: "jumin", title: "転出証明書の様式統一", type: "課題", status: "対応中", priority: "高",
    assignee: "mLead", ball: "pmo", due: 5, created: 60, by: "mLead", vendor: true, labels: ["form", "std"],
    body: issueBody(
      "5団体で転出証明書の様式・記載事項が異なっており、標準仕様書の様式例に合わせた統一様式への移行が必要。",
      ["世帯主欄・続柄欄の記載の有無が団体ごとに異なる", "転出予定日の表記（和暦・西暦）の統一", "転出・転入ワンストップ利用時の証明書との関係"],
      "標準仕様書の様式例をベースに、事務局で統一様式（案）を作成し、次回WGで確認する。",
    ),
    postpone: ["各団体のサンプル収集に時間を要したため", "標準仕様書の様式例の改定版の公表を待つため"],
    comments: [
      say("kStaff", "北川市のサンプルを共有フォルダに格納しました。世帯主欄は**記載あり**です。"),
      say("vA", "標準パッケージでは様式例どおりに出力します。世帯主欄の有無はパラメータで切り替えられます。"),
      memo("pmo", "事業者は「パラメータで切替可能」としているが、追加費用の有無は未確認。見積依頼の前に団体間で様式を一本化しておきたい。"),
      say("mLead", "次回WGで統一様式（案）を確認します。各団体は事前に庁内での確認をお願いします。"),
    ],
  },
  {
    key: "j-gaiji", wg: "jumin", title: "データ移行時の外字の扱い", type: "懸案", status: "回答待ち", priority: "緊急",
    assignee: "kStaff", prevAssignee: "kFormer", prevPriority: "高", ball: "vA", prevBall: "kita",
    due: -10, created: 90, by: "kFormer", vendor: true, labels: ["mig", "std"],
    body: issueBody(
      "現行システムで使用している外字（各団体で約300〜1,200字）を標準準拠システムへ移行する際の、同定・縮退の方法が決まっていない。",
      ["文字情報基盤（MJ文字）への同定ルール", "同定できない外字の扱い（縮退・個別登録）", "住民への通知が必要となるケースの整理", "同定作業の分担（団体／事業者）"],
      "外字の同定基準（決定事項）に基づき、事業者から縮退マップを提示してもらい、各団体で確認する。",
    ),
    postpone: ["事業者の縮退マップの提出が遅れたため", "同定基準の決定事項化を待つため", "東山村の外字調査が他の業務と重なったため"],
    comments: [
      say("kFormer", "北川市の外字は約1,200字。文字情報基盤で同定できないものが約80字あります。"),
      say("vA", "縮退マップ（案）を作成中です。同定できない文字は団体ごとに一覧でお示しします。"),
      memo("mLead", "事業者から同定作業の追加費用（1団体あたり数十万円規模）の打診あり。費用負担は協議会で整理するまで事業者には回答しないこと。"),
      say("kAdmin", "人事異動に伴い、北川市の担当を藤田から高橋に変更します。"),
      say("mLead", "縮退マップの提出期限を過ぎています。提出予定日をご回答ください。"),
      memo("pmo", "費用按分の考え方は、共通基盤WGの按分方式に合わせる方向で事務局案を作成中。"),
    ],
  },
  {
    key: "j-kofu", wg: "jumin", title: "住民票の写しの広域交付における手数料の扱い", type: "質問", status: "解決", priority: "中",
    assignee: "kAdmin", ball: "pmo", due: -40, created: 120, closed: 38, by: "cStaff",
    body: issueBody(
      "他団体の住民の住民票の写しを窓口で交付した場合の、手数料の収入先と手数料額の差異について確認したい。",
      ["手数料条例の額が団体ごとに異なる（300円／350円）", "広域交付分の収入計上の方法"],
    ),
    comments: [
      say("kAdmin", "手数料は交付した団体の条例額で徴収し、交付団体の収入とする整理で、各団体の法規担当に確認済みです。"),
      say("cStaff", "ありがとうございます。中央町の窓口マニュアルに反映しました。"),
    ],
  },
  {
    key: "j-fuhyo", wg: "jumin", title: "戸籍の附票との連携項目の確認", type: "質問", status: "解決", priority: "中",
    assignee: "mLead", ball: "mina", due: -20, created: 45, closed: 22, by: "vA", vendor: true, labels: ["std"],
    body: issueBody(
      "戸籍の附票システムとの連携で、住民記録システムから送信する項目の範囲を確認させてください。",
      ["国外転出者の附票記載事項の連携要否", "連携タイミング（即時／日次）"],
    ),
    comments: [
      say("vA", "各団体の現行運用を教えていただければ、標準仕様の範囲で設定します。"),
      answer("mLead", "**回答**：国外転出者分も連携対象とします。連携タイミングは5団体とも**日次**で統一します（WGで合意済み）。"),
      memo("nAdmin", "西原市は即時連携を希望していたが、日次で合意した。庁内向けの説明資料は西原市で作成する。"),
    ],
  },
  {
    key: "j-koumoku", wg: "jumin", title: "住民異動届の入力画面における項目順の確認", type: "質問", status: "回答待ち", priority: "中",
    assignee: "mStaff", ball: "mina", prevBall: "vA", due: -3, created: 18, by: "vA", vendor: true, labels: ["fg"],
    body: issueBody(
      "異動届の入力画面の項目順を、届出書の記載順に合わせる設定が可能です。各団体の届出書の様式をご提示いただけますか。",
      ["届出書の様式が団体ごとに異なる場合、どちらに合わせるか", "標準の項目順のままで運用できるか"],
    ),
    comments: [
      say("mStaff", "南浜町で各団体の届出書を取りまとめてお送りします。"),
      memo("mLead", "届出書の様式も統一したいが、東山村は印刷済みの在庫が多い。事業者には在庫の話はしない。"),
      say("vA", "承知しました。受領後1週間で画面設定案をお示しします。"),
    ],
  },
  {
    key: "j-shien", wg: "jumin", title: "支援措置対象者（DV等）の閲覧制限の運用統一", type: "リスク", status: "対応中", priority: "緊急", prevPriority: "高",
    assignee: "mLead", ball: "pmo", due: 9, created: 45, by: "mLead",
    body: issueBody(
      "DV・ストーカー・児童虐待等の支援措置対象者について、住民票の写し等の交付制限の運用（申出の受付、他団体への照会、システム上の警告表示）が団体ごとに異なる。共同化後は他団体の窓口でも交付できるため、誤交付のリスクが高まる。",
      ["申出を受けた団体から他団体への情報共有の方法", "システム上の警告表示の統一", "誤交付が起きた場合の対応手順"],
      "各団体の運用を比較表にまとめ、最も厳格な運用に合わせることを基本とする。",
    ),
    comments: [
      memo("kAdmin", "北川市で昨年度、誤交付の未遂事案があった。詳細は団体名を伏せてWGで共有する予定。外部には出さない。"),
      say("hAdmin", "東山村は件数が少なく、担当者の記憶に頼った運用になっています。統一ルールを歓迎します。"),
      say("mLead", "比較表（案）を作成しました。次回WGで確認をお願いします。"),
    ],
  },
  {
    key: "j-custom", wg: "jumin", title: "現行システムのカスタマイズ（独自帳票・独自機能）の棚卸し", type: "課題", status: "対応中", priority: "高",
    assignee: "kAdmin", prevAssignee: "kFormer", ball: "kita", due: 12, created: 100, by: "kFormer", labels: ["cust", "fg"],
    body: issueBody(
      "ノンカスタマイズ原則（決定事項）に基づき、現行システムのカスタマイズを棚卸しし、標準機能や運用変更で代替できるかを整理する。",
      ["独自帳票：5団体合計で約140種類", "独自機能：南浜町の世帯連絡票、西原市の窓口番号連携など", "廃止する場合の原課への説明方法"],
      "代替できないものは、費用対効果を示したうえで個別に決定事項として諮る。",
    ),
    postpone: ["北川市の棚卸しが人事異動で中断したため", "各団体の原課ヒアリングを追加で行うため"],
    comments: [
      say("kFormer", "北川市分の一覧（独自帳票38種類）を作成しました。"),
      say("nAdmin", "西原市分は原課ヒアリングが残っています。来週中に提出します。"),
      memo("pmo", "南浜町の世帯連絡票は町長肝いりの機能。廃止の説明は所属長レベルで根回しが必要。事業者には伝えない。"),
    ],
  },
  {
    key: "j-kakanai", wg: "jumin", title: "「書かない窓口」導入に向けた検討", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 30, by: "cStaff", labels: ["add"], towns: ["chuo", "nishi"],
    body: issueBody(
      "窓口の混雑緩和と住民の負担軽減のため、申請書を書かずに済む窓口（書かない窓口）の導入を、共同化と合わせて検討したい。",
      ["マイナンバーカードの読取による申請書の自動作成", "共同化の範囲に含めるか、各団体の独自導入とするか"],
    ),
    comments: [say("nAdmin", "西原市も関心があります。ただし仕様確定後の追加要望になるため、第2期の範囲外とすべきか議論が必要です。")],
  },
  {
    key: "j-fitgap", wg: "jumin", title: "Fit&Gap分析結果の取りまとめ（住民記録：異動処理）", type: "課題", status: "完了", priority: "高",
    assignee: "kAdmin", ball: "pmo", due: -25, created: 150, closed: 20, by: "pmo", vendor: true, labels: ["fg", "std"],
    body: issueBody(
      "標準仕様書（住民記録システム）の異動処理に関する機能要件について、5団体分のFit&Gap分析結果を取りまとめる。",
      ["Fit率：約92%（5団体平均）", "Gapの内訳：運用で対応 18件／標準オプションで対応 4件／要検討 2件", "要検討の2件は個別の課題として起票する"],
      "要検討の2件を除き、運用変更で対応することでWGとして合意。",
    ),
    comments: [
      say("vA", "Gapのうち4件は標準オプションで対応できます。オプション一覧を共有します。"),
      memo("pmo", "標準オプションのうち2件は有償。見積は協議会で一括して取得する方針で、事業者にはまだ伝えていない。"),
      say("kAdmin", "取りまとめ結果を第5回定例会で確認し、完了としました。"),
    ],
  },
  {
    key: "j-juki", wg: "jumin", title: "住基ネット接続機器の更新時期の調整", type: "懸案", status: "対応中", priority: "中",
    assignee: "kAdmin", ball: "kita", due: 20, created: 70, by: "kAdmin",
    body: issueBody(
      "住基ネットのコミュニケーションサーバ（CS）等の機器更新時期が団体ごとに異なり、共同化後の構成と合わない可能性がある。",
      ["各団体の機器の保守期限", "共同化後のCSの配置（各団体／共同設置）"],
    ),
    comments: [
      say("hAdmin", "東山村は保守期限が来年度末です。"),
      say("kAdmin", "共同設置の事例を県にも確認しています。"),
    ],
  },
  {
    key: "j-inkan", wg: "jumin", title: "印鑑登録証明書の様式差異", type: "課題", status: "解決", priority: "中",
    assignee: "cStaff", ball: "chuo", due: -50, created: 110, closed: 48, by: "kFormer", labels: ["form"],
    body: issueBody(
      "印鑑登録証明書の様式（偽造防止用紙の地紋、証明文の文言）が団体ごとに異なる。",
      ["地紋入り用紙を共同調達するか", "証明文の文言の統一"],
      "証明文は標準様式例に統一し、用紙は各団体での調達を継続する。",
    ),
    comments: [
      say("cStaff", "中央町の用紙在庫は約8か月分です。切替時期に合わせて調整します。"),
      say("mLead", "WGで合意したため解決とします。"),
    ],
  },
  {
    key: "j-onestop", wg: "jumin", title: "転出・転入手続ワンストップ化への対応", type: "課題", status: "対応中", priority: "高",
    assignee: "nStaff", ball: "vA", due: 12, created: 70, by: "nAdmin", vendor: true, labels: ["std"],
    body: issueBody(
      "マイナポータルからの転出届・転入予約データの取込みについて、標準準拠システムでの処理手順と各団体の窓口運用を確認する。",
      ["転入予約データの取込みタイミング", "来庁予定日の管理方法", "転出証明書情報の送信エラー時の対応"],
    ),
    comments: [
      say("hStaff", "東山村は取込み件数が月数件のため、手作業での確認でも対応できます。"),
      say("vA", "取込みは日次バッチと随時取込みの両方に対応しています。手順書（案）を次回お示しします。"),
      memo("nAdmin", "西原市は窓口業務の委託事業者との契約変更が必要になる可能性がある。費用面は庁内で検討中。"),
    ],
  },
  {
    key: "j-ikoudata", wg: "jumin", title: "住民票コード・個人番号を含む移行検証データの準備", type: "課題", status: "未着手", priority: "高",
    assignee: "kStaff", ball: "kita", due: 20, created: 35, createdHour: 17, by: "kStaff", vendor: true, labels: ["mig"],
    body: issueBody(
      "データ移行の検証に使うテストデータ（住民票コード・個人番号を含む）の準備方法を決める。",
      ["本番データを使う場合のマスキング方法", "検証環境へのデータの受け渡し手順（媒体・暗号化）", "検証後のデータ消去の確認方法"],
    ),
    comments: [
      say("vA", "マスキングツールは当社で用意できます。受け渡しは暗号化した媒体を想定しています。"),
      memo("kStaff", "北川市の情報セキュリティ委員会の承認が必要。承認前に事業者へ本番データは渡さない。"),
    ],
  },
  {
    key: "j-gaikoku", wg: "jumin", title: "外国人住民の氏名表記（通称・ローマ字）の取扱い", type: "懸案", status: "回答待ち", priority: "中",
    assignee: "mStaff", ball: "mina", due: -5, created: 50, by: "nStaff", labels: ["std"],
    body: issueBody(
      "外国人住民の氏名（ローマ字・漢字・カタカナ併記、通称）の表記が団体ごとに異なり、標準準拠システムへの移行時に表記の揺れが生じる。",
      ["通称の記載方法", "カタカナ併記の有無", "長い氏名の証明書への印字方法"],
    ),
    postpone: ["法務省への照会の回答を待つため", "南浜町の現行データの確認に時間を要したため"],
    comments: [
      say("mStaff", "南浜町は技能実習生の転入が多く、約400件が該当します。"),
      memo("mLead", "過去に表記誤りで苦情を受けた案件がある（個人の特定につながるため詳細は共有しない）。"),
    ],
  },
  {
    key: "j-convini", wg: "jumin", title: "証明書コンビニ交付の停止期間の調整", type: "課題", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: 30, created: 25, by: "pmo",
    body: issueBody(
      "システム切替時にコンビニ交付サービスを停止する期間を、5団体でそろえる必要がある。",
      ["停止期間（年末年始の切替に合わせる案）", "住民への周知の方法と時期", "J-LISへの届出スケジュール"],
    ),
  },
  {
    key: "j-tanmatsu", wg: "jumin", title: "窓口端末の台数・配置の見直し", type: "要望", status: "却下", priority: "低",
    assignee: "nStaff", ball: "nishi", due: null, created: 95, closed: 60, by: "nStaff", labels: ["add"], towns: ["nishi"],
    body: issueBody(
      "共同化に合わせて窓口端末の台数を増やしたい。",
      ["端末台数の積算根拠", "費用負担"],
      "端末台数は各団体の判断事項であり、WGの検討範囲外として却下。各団体で予算要求する。",
    ),
    comments: [say("mLead", "WGの検討範囲外のため却下とします。各団体で個別にご検討ください。")],
  },
  {
    key: "j-setai", wg: "jumin", title: "南浜町独自の「世帯連絡票」出力機能の継続要望", type: "要望", status: "対応中", priority: "中",
    assignee: "mLead", ball: "mina", due: 15, created: 55, by: "mStaff", labels: ["cust", "add"], towns: ["mina"],
    body: issueBody(
      "南浜町では、転入世帯に地区の自治会・ごみ出し情報をまとめた「世帯連絡票」を出力している。標準機能にないため、継続の可否を検討したい。",
      ["標準機能のEUC（データ抽出）で代替できるか", "カスタマイズとする場合の費用対効果"],
    ),
    comments: [
      say("kAdmin", "ノンカスタマイズ原則に照らすと、まずEUCでの代替を検討すべきと考えます。"),
      memo("mLead", "町長が議会で継続を答弁済み。廃止とする場合は町長レクが必要。"),
    ],
  },
  {
    key: "j-jikangai", wg: "jumin", title: "休日開庁時の異動届受付の運用", type: "課題", status: "完了", priority: "中",
    assignee: "hStaff", ball: "higa", due: -60, created: 130, closed: 55, by: "kFormer",
    body: issueBody(
      "休日開庁時の異動届の受付で、システム停止時間帯（夜間バッチ）と重なる場合の運用を決める。",
      ["受付のみ行い、翌開庁日に入力する運用", "バッチ時間の調整"],
      "受付のみ行い翌開庁日に入力する運用で、5団体を統一する。",
    ),
    comments: [
      say("hStaff", "東山村は休日開庁を行っていないため影響はありません。"),
      say("mLead", "運用を統一しました。完了とします。"),
    ],
  },
  {
    key: "j-kenshu", wg: "jumin", title: "住民記録システム操作研修の実施計画", type: "課題", status: "未着手", priority: "中",
    assignee: "mLead", ball: "pmo", due: 40, created: 7, createdHour: 17, by: "mLead",
    body: issueBody(
      "新システムの操作研修を、窓口職員・会計年度任用職員を含めて計画する。",
      ["研修の開催方式（集合／オンライン／動画）", "研修環境の確保", "研修時期（切替の2か月前を想定）"],
    ),
  },
  {
    key: "j-haiki", wg: "jumin", title: "旧システムの保存期間経過データの廃棄手順", type: "リスク", status: "対応中", priority: "高",
    assignee: "kStaff", prevAssignee: "kFormer", ball: "kita", due: -2, created: 120, by: "kFormer", labels: ["mig"],
    body: issueBody(
      "旧システムのデータのうち保存期間を経過したもの（除票・改製原住民票等）の廃棄手順が決まっていない。移行対象外とする場合は、廃棄の記録を残す必要がある。",
      ["除票の保存期間（150年）への対応", "廃棄の決裁手続と記録方法", "旧システム事業者によるデータ消去証明"],
    ),
    postpone: ["廃棄対象の洗い出しが終わらなかったため", "除票の保存期間延長の影響確認のため", "情報セキュリティ委員会の開催を待つため", "窓口の繁忙期と重なったため"],
    comments: [
      say("kFormer", "北川市は除票約3万件が対象になる見込みです。"),
      say("kStaff", "前任から引き継ぎました。情報セキュリティ委員会の日程を確認中です。"),
      memo("pmo", "旧システム事業者の消去証明の費用が見積外。旧事業者との交渉状況は団体間だけで共有する。"),
    ],
  },

  // ---- 税務WG (3 shared with vendor B) ----
  {
    key: "z-tokucho", wg: "zeimu", title: "住民税特別徴収の通知書レイアウト差異", type: "課題", status: "対応中", priority: "高",
    assignee: "kTax", ball: "vB", due: 6, created: 65, by: "kTax", vendor: true, labels: ["form", "std"],
    body: issueBody(
      "特別徴収税額決定通知書（特別徴収義務者用・納税義務者用）のレイアウトが団体ごとに異なり、事業所から「市町村ごとに様式が違って確認しにくい」との声がある。",
      ["標準仕様書の様式例との差異（5団体で12項目）", "電子通知（eLTAX経由）と紙の通知の整合", "圧着はがき様式の採否"],
      "標準様式例に統一する方向で、決定事項（案）を協議中。",
    ),
    postpone: ["eLTAX側の仕様変更の確認に時間を要したため"],
    comments: [
      say("vB", "標準様式例どおりの出力に対応しています。圧着はがきは印刷事業者側の対応となります。"),
      say("mTax", "南浜町は圧着はがきを使っていません。統一する場合は予算措置が必要です。"),
      memo("kTax", "圧着はがきの単価は事業者Bの見積が他社より高い。共同印刷の見直し（決定事項）と合わせて比較する。"),
    ],
  },
  {
    key: "z-kotei", wg: "zeimu", title: "固定資産税の課税明細書の記載項目統一", type: "課題", status: "回答待ち", priority: "中",
    assignee: "hStaff", ball: "higa", due: -7, created: 80, by: "nTax", labels: ["form"],
    body: issueBody(
      "固定資産税の課税明細書の記載項目（前年度課税標準額、負担水準等）が団体ごとに異なる。",
      ["記載が必須の項目と任意の項目の整理", "東山村の山林・農地の表示方法"],
    ),
    postpone: ["東山村の評価替え作業のため", "記載項目の法令上の要否の確認のため", "庁内調整に時間を要したため"],
    comments: [
      say("hStaff", "東山村は評価替えの作業中で、回答が遅れています。申し訳ありません。"),
      say("kTax", "次回WGまでに回答をお願いします。"),
    ],
  },
  {
    key: "z-keiji", wg: "zeimu", title: "軽自動車税（種別割）減免申請様式の統一", type: "課題", status: "解決", priority: "低",
    assignee: "cTax", ball: "chuo", due: -45, created: 100, closed: 43, by: "cTax", labels: ["form"],
    body: issueBody(
      "軽自動車税（種別割）の身体障害者等に対する減免申請書の様式を統一する。",
      ["添付書類の範囲", "申請期限の記載"],
      "様式を統一する。添付書類は各団体の条例に従う。",
    ),
    comments: [say("cTax", "統一様式を共有しました。解決とします。")],
  },
  {
    key: "z-noutsu", wg: "zeimu", title: "納税通知書を共同外部印刷の対象から除外する", type: "懸案", status: "完了", priority: "高",
    assignee: "kTax", ball: "pmo", due: -20, created: 130, closed: 18, by: "mTax", labels: ["form", "cost"],
    body: issueBody(
      "共同外部印刷（決定事項）の対象に納税通知書を含めたが、各団体の納期・同封物（口座振替の案内等）が異なり、共同印刷では対応が難しいことが分かった。",
      ["納期（第1期）の差異", "同封物の差異", "除外した場合の費用への影響"],
      "納税通知書等を共同外部印刷の対象から除外する改定案を、連絡会（所属長）に諮る。",
    ),
    comments: [
      say("mTax", "南浜町は同封物が4種類あり、共同印刷の標準（2種類まで）に収まりません。"),
      say("pmo", "連絡会（所属長）で改定の方向が合意されました。決定事項を改定します。"),
      memo("kTax", "除外により北川市は年間約40万円の増額見込み。財政課には説明済み。"),
    ],
  },
  {
    key: "z-kouza", wg: "zeimu", title: "Web口座振替受付サービスの共同導入", type: "要望", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: null, created: 40, by: "nTax", labels: ["add"], towns: ["nishi", "kita", "chuo"],
    body: issueBody(
      "口座振替の申込みをWebで受け付けるサービスを共同で導入したい。",
      ["対応金融機関の範囲", "手数料の按分", "第2期の調達範囲に含めるか"],
    ),
  },
  {
    key: "z-eltax", wg: "zeimu", title: "eLTAXとの連携テスト日程", type: "課題", status: "対応中", priority: "高",
    assignee: "nTax", ball: "vB", due: 10, created: 30, by: "kTax", vendor: true, labels: ["std"],
    body: issueBody(
      "eLTAX（地方税ポータル）との連携テストの日程を、各団体の繁忙期を避けて調整する。",
      ["給与支払報告書の受付テスト", "特別徴収税額通知の電子送付テスト", "テスト環境の接続申請"],
    ),
    comments: [
      say("vB", "テスト環境の接続申請は当社で代行できます。希望日程を各団体からいただけますか。"),
      say("nTax", "西原市は1月〜3月は避けてほしいです（当初課税の繁忙期）。"),
      memo("kTax", "事業者Bは他の自治体案件とテスト時期が重なっている模様。優先順位を下げられないよう契約条件で担保する方向。"),
    ],
  },
  {
    key: "z-batch", wg: "zeimu", title: "当初課税の処理件数の提示依頼", type: "質問", status: "回答待ち", priority: "中",
    assignee: "kTax", ball: "kita", prevBall: "vB", due: -4, created: 14, by: "vB", vendor: true,
    body: issueBody(
      "当初課税のバッチ処理時間を見積もるため、各団体の納税義務者数・特別徴収義務者数をご提示ください。",
      ["個人住民税の納税義務者数", "特別徴収義務者数", "普通徴収と特別徴収の比率"],
    ),
    comments: [
      say("kTax", "北川市で5団体分を取りまとめて回答します。"),
      memo("kTax", "件数は公表値で回答する。内訳の詳細（滞納件数等）は出さない。"),
    ],
  },
  {
    key: "z-tainou", wg: "zeimu", title: "滞納整理システムとの連携範囲", type: "懸案", status: "対応中", priority: "高",
    assignee: "mTax", ball: "mina", due: 3, created: 90, by: "mTax", labels: ["cust"],
    body: issueBody(
      "滞納整理システムは各団体が個別に導入しており、基幹税務システムとの連携範囲と方式が異なる。",
      ["連携するデータ項目（収納・調定・滞納処分）", "連携方式（ファイル連携／API）", "滞納整理システムも共同化するか"],
    ),
    postpone: ["各団体の滞納整理システムの契約期間の確認のため", "連携方式の技術検討を追加で行うため"],
    comments: [
      say("nTax", "西原市の滞納整理システムは再来年度まで契約があります。"),
      memo("pmo", "滞納整理システムの共同化は費用削減効果が大きいが、南浜町は現行事業者との関係が深い。根回しが必要。"),
    ],
  },
  {
    key: "z-punch", wg: "zeimu", title: "給与支払報告書のパンチ入力委託の共同化", type: "要望", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: null, created: 20, by: "cTax", labels: ["add", "cost"],
    body: issueBody(
      "給与支払報告書（紙提出分）のパンチ入力委託を共同化し、単価を下げたい。",
      ["委託単価の比較", "提出件数の見込み", "個人情報の取扱い（委託先の監査）"],
    ),
  },
  {
    key: "z-noufu", wg: "zeimu", title: "南浜町独自様式（納付書）の継続使用", type: "要望", status: "却下", priority: "中",
    assignee: "mTax", ball: "mina", due: -90, created: 110, closed: 85, by: "mTax", labels: ["cust", "form"], towns: ["mina"],
    body: issueBody(
      "南浜町では町内の金融機関向けに独自様式の納付書を使用しており、継続使用を要望する。",
      ["町内の金融機関（農協・漁協）での取扱いの可否", "標準様式との差異"],
      "標準様式でも町内の金融機関で取扱い可能と確認できたため、要望は取り下げる（決定事項も取下げ）。",
    ),
    comments: [say("mTax", "町内の農協・漁協に確認した結果、標準様式でも取扱い可能とのことでした。要望を取り下げます。")],
  },
  {
    key: "z-shinrin", wg: "zeimu", title: "森林環境税の賦課開始に伴う帳票修正", type: "課題", status: "完了", priority: "中",
    assignee: "cTax", ball: "chuo", due: -100, created: 160, closed: 95, by: "kTax", labels: ["form"],
    body: issueBody(
      "森林環境税（国税）の賦課徴収の開始に伴い、納税通知書・特別徴収税額通知書の記載を修正する。",
      ["均等割の内訳の表示", "修正の適用年度"],
    ),
    comments: [say("cTax", "各団体の現行事業者で対応済みであることを確認しました。完了とします。")],
  },
  {
    key: "z-kokuho", wg: "zeimu", title: "国民健康保険税の算定方式の差異（資産割の有無）", type: "懸案", status: "対応中", priority: "高",
    assignee: "hStaff", ball: "higa", due: 14, created: 75, by: "kTax", labels: ["std"],
    body: issueBody(
      "国保税の算定方式が団体ごとに異なり（東山村・中央町は資産割あり）、標準準拠システムのパラメータで対応できるか確認が必要。",
      ["資産割の廃止予定の有無", "県の国保運営方針（保険料水準の統一）との関係"],
    ),
    comments: [
      say("hStaff", "東山村は資産割の廃止を検討中ですが、議会への説明は来年度になる見込みです。"),
      say("cTax", "中央町も同様です。県の統一方針の時期を確認したいです。"),
      memo("pmo", "県の保険料水準統一の時期は、県市町村課に非公式に確認中。"),
    ],
  },
  {
    key: "z-shoumei", wg: "zeimu", title: "所得・課税証明書の様式統一", type: "課題", status: "解決", priority: "中",
    assignee: "nTax", ball: "nishi", due: -30, created: 85, closed: 29, by: "nTax", labels: ["form", "std"],
    body: issueBody(
      "所得・課税証明書の様式（記載項目、証明文）を統一する。",
      ["扶養人数の内訳の表示", "コンビニ交付の様式との整合"],
      "標準様式例に統一する。",
    ),
    comments: [say("nTax", "標準様式例で統一することで合意しました。")],
  },
  {
    key: "z-testdata", wg: "zeimu", title: "税額シミュレーション用テストデータの提供時期", type: "課題", status: "未着手", priority: "中",
    assignee: "kTax", ball: "pmo", due: 21, created: 10, by: "kTax", labels: ["mig"],
    body: issueBody(
      "新旧システムの税額比較（パラレルラン）に使うテストデータの提供時期と範囲を決める。",
      ["対象の税目", "抽出件数（全件／サンプル）", "マスキングの要否"],
    ),
  },
  {
    key: "z-shokyaku", wg: "zeimu", title: "償却資産申告の電子申告率の向上策", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: null, due: null, created: 5, by: "cTax",
    body: issueBody(
      "償却資産申告の電子申告（eLTAX）の利用率が低い団体があるため、共同で周知策を検討したい。",
      ["税理士会への周知", "申告書送付時の案内の統一"],
    ),
  },

  // ---- 福祉WG ----
  {
    key: "f-jidou", wg: "fukushi", title: "児童手当の制度改正（高校生年代への拡充）への対応確認", type: "課題", status: "完了", priority: "高",
    assignee: "kWel", ball: "kita", due: -120, created: 200, closed: 118, by: "kWel", labels: ["std"],
    body: issueBody(
      "児童手当の制度改正（支給対象の高校生年代への拡充、所得制限の撤廃、第3子以降の加算）に、各団体の現行システムが対応できているかを確認する。",
      ["システム改修の完了時期", "申請勧奨の対象者の抽出"],
    ),
    comments: [say("kWel", "5団体とも改修の完了を確認しました。完了とします。")],
  },
  {
    key: "f-shougai", wg: "fukushi", title: "障害者福祉システムの標準仕様適合状況", type: "課題", status: "対応中", priority: "高",
    assignee: "nWel", ball: "nishi", due: -3, created: 60, by: "cWel", labels: ["fg", "std"],
    body: issueBody(
      "障害者福祉システムの標準仕様書に対する、各団体のFit&Gapを確認する。",
      ["独自の給付事業（単独事業）の扱い", "障害支援区分の認定審査会資料の出力"],
    ),
    postpone: ["西原市の原課ヒアリングが延期になったため", "標準仕様書の改定内容の確認のため"],
    comments: [
      say("nWel", "西原市は単独事業が7事業あり、整理に時間がかかっています。"),
      say("cWel", "期限を過ぎているので、次回のふりかえりまでに途中経過だけでも共有をお願いします。"),
    ],
  },
  {
    key: "f-kaigo", wg: "fukushi", title: "介護保険と後期高齢者医療の共同化範囲", type: "懸案", status: "回答待ち", priority: "中",
    assignee: "cWel", ball: "pmo", due: -12, created: 95, by: "mWel",
    body: issueBody(
      "介護保険システムと後期高齢者医療システムを第2期の共同化範囲に含めるか。後期高齢者医療は広域連合の標準システムとの関係がある。",
      ["広域連合の標準システムとの役割分担", "介護保険の共同化の費用対効果", "範囲に含めない場合の次期更新時期"],
    ),
    postpone: ["広域連合との調整が必要になったため", "介護保険事業計画の策定時期と重なったため", "事務局の検討資料の作成が遅れたため"],
    comments: [
      say("cWel", "事務局案の提示をお願いします。"),
      say("pmo", "広域連合との調整結果を踏まえて事務局案を作成します。遅れており申し訳ありません。"),
      memo("pmo", "介護保険は北川市が単独での更新を希望している。事務局案では共同化を推す方向。北川市の所属長と事前に協議する。"),
    ],
  },
  {
    key: "f-seiho", wg: "fukushi", title: "生活保護システムの共同調達への参加団体の整理", type: "懸案", status: "対応中", priority: "中",
    assignee: "kWel", ball: "nishi", due: 8, created: 50, by: "cWel", towns: ["kita", "nishi"],
    body: issueBody(
      "生活保護の実施機関は、福祉事務所を設置する北川市・西原市のみ。町村分は県が実施しているため、共同調達への参加団体を整理する。",
      ["参加団体を2市とする場合の費用按分", "県（福祉事務所）との連携"],
    ),
    comments: [say("nWel", "西原市は参加の方向で庁内調整中です。")],
  },
  {
    key: "f-hoiku", wg: "fukushi", title: "保育所入所の利用調整ロジックの差異", type: "課題", status: "対応中", priority: "高",
    assignee: "mWel", ball: "mina", due: 15, created: 55, by: "kWel", labels: ["cust"],
    body: issueBody(
      "保育所入所の利用調整（点数表・優先順位）が団体ごとに異なり、標準仕様のパラメータで表現できない項目がある。",
      ["同点時の優先順位のルール", "きょうだい同時入所の加点", "広域入所（他団体の保育所）の扱い"],
    ),
    comments: [
      say("mWel", "南浜町は独自の加点項目が3つあります。"),
      memo("kWel", "北川市は点数表の見直しを来年度に予定。共同化に合わせて見直すと説明しやすい。"),
    ],
  },
  {
    key: "f-soudan", wg: "fukushi", title: "福祉総合相談の記録様式の統一", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: null, due: null, created: 22, by: "hWel", labels: ["add"],
    body: issueBody(
      "福祉の総合相談窓口の相談記録の様式を統一し、団体間で比較できるようにしたい。",
      ["記録項目の範囲", "個人情報の取扱い"],
    ),
  },
  {
    key: "f-zeijoho", wg: "fukushi", title: "各種手当の所得判定に用いる税情報の連携方法", type: "質問", status: "解決", priority: "中",
    assignee: "kWel", ball: "kita", due: -35, created: 70, closed: 33, by: "nWel", labels: ["std"],
    body: issueBody(
      "児童扶養手当等の所得判定に使う税情報を、基幹税務システムからどのように連携するか確認したい。",
      ["団体内統合宛名システム経由か、直接連携か", "連携のタイミング（当初課税後の一括更新）"],
    ),
    comments: [say("kWel", "団体内統合宛名システム経由で連携する方式で、税務WGにも確認済みです。")],
  },
  {
    key: "f-yobou", wg: "fukushi", title: "健康管理システム（予防接種）の移行時期", type: "リスク", status: "対応中", priority: "高",
    assignee: "hWel", ball: "higa", due: 2, created: 40, by: "hWel", labels: ["mig"],
    body: issueBody(
      "予防接種記録のデータ移行の時期が、国の予防接種事務のデジタル化のスケジュールと重なるおそれがある。",
      ["国のシステムの稼働時期の確認", "移行時期を前倒し・後ろ倒しした場合の影響"],
    ),
    comments: [say("hWel", "国のスケジュールが示され次第、影響を整理します。")],
  },
  {
    key: "f-jukyusha", wg: "fukushi", title: "障害福祉サービス受給者証の様式", type: "課題", status: "完了", priority: "低",
    assignee: "nWel", ball: "nishi", due: -70, created: 120, closed: 65, by: "nWel", labels: ["form"],
    body: issueBody(
      "障害福祉サービス受給者証の様式（サイズ、記載欄）を統一する。",
      ["A4判とB5判の違い", "事業者記入欄の数"],
      "標準様式例（A4判）に統一する。",
    ),
    comments: [say("cWel", "5団体とも標準様式例で合意しました。完了とします。")],
  },
  {
    key: "f-juusou", wg: "fukushi", title: "重層的支援体制整備事業の共同実施の検討", type: "要望", status: "却下", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 85, closed: 60, by: "mWel", labels: ["add"],
    body: issueBody(
      "重層的支援体制整備事業を、共同化の枠組みで共同実施できないか検討したい。",
      ["対象事業の範囲", "実施体制"],
      "システム共同化の範囲外のため却下。別途、県の研修等で情報交換する。",
    ),
    comments: [say("cWel", "システム共同化の範囲外のため却下とします。情報交換は県の研修の場で行いましょう。")],
  },
  {
    key: "f-furikaeri", wg: "fukushi", title: "機能検証サイクル（第1期）のふりかえり準備", type: "課題", status: "未着手", priority: "中",
    assignee: "cWel", ball: "chuo", due: 13, created: 3, by: "cWel",
    body: issueBody(
      "機能検証サイクル（ヒアリング → 検証 → ふりかえり）の第1期を終えるにあたり、ふりかえりの進め方を準備する。",
      ["良かった点・改善点の付箋の集め方", "次期サイクルの対象機能"],
    ),
  },

  // ---- 共通基盤WG ----
  {
    key: "k-kaisen", wg: "kiban", title: "ガバメントクラウド接続回線の費用按分", type: "懸案", status: "対応中", priority: "緊急",
    assignee: "nAdmin", ball: "mina", prevBall: "pmo", due: -6, created: 80, by: "kAdmin", labels: ["cost"],
    body: issueBody(
      "ガバメントクラウドへの接続回線（共同利用の閉域網）の費用を、5団体でどう按分するか。",
      ["均等割と人口割の比率（案：均等割30%・人口割70%）", "回線距離が長い団体の追加費用の扱い", "県の補助金の充当"],
      "均等割30%・人口割70%を基本とする決定事項（案）を協議中。",
    ),
    postpone: ["回線事業者の見積の取得に時間を要したため", "按分方式を連絡会（所属長）に諮ることとなったため", "南浜町の庁内説明が終わっていないため"],
    comments: [
      say("mLead", "南浜町は回線距離が長く、追加費用を上乗せされると負担が大きいです。"),
      say("nAdmin", "距離による追加費用を全体で按分する案も、事務局に作成してもらいました。"),
      memo("pmo", "南浜町は人口割の比率が上がると有利、東山村は均等割が重い。両町村の首長の意向を事前に確認すること。"),
    ],
  },
  {
    key: "k-lgwan", wg: "kiban", title: "LGWAN接続系とガバメントクラウドの接続方式", type: "課題", status: "対応中", priority: "高",
    assignee: "kIt", ball: "pref", due: 9, created: 60, by: "kIt", labels: ["sec"],
    body: issueBody(
      "庁内ネットワーク（LGWAN接続系）からガバメントクラウド上の標準準拠システムへの接続方式を決める。",
      ["閉域網の冗長化", "県の自治体情報セキュリティクラウドとの関係", "端末の認証方式"],
    ),
    comments: [say("pref", "県の自治体情報セキュリティクラウドとの関係について、県の考え方を整理して次回お示しします。")],
  },
  {
    key: "k-sso", wg: "kiban", title: "共通認証基盤（シングルサインオン）の導入範囲", type: "課題", status: "未着手", priority: "中",
    assignee: "kIt", ball: "kita", due: 25, created: 28, by: "nAdmin",
    body: issueBody(
      "標準準拠システムと庁内の他システムへのシングルサインオンの導入範囲を決める。",
      ["対象システムの範囲", "多要素認証の要否", "費用の按分"],
    ),
  },
  {
    key: "k-hoshu", wg: "kiban", title: "運用保守費の按分比率（均等割・人口割）", type: "懸案", status: "回答待ち", priority: "高",
    assignee: "nAdmin", ball: "higa", prevBall: "pmo", due: -15, created: 110, by: "pmo", labels: ["cost"],
    body: issueBody(
      "共同利用システムの運用保守費を、均等割と人口割の組合せで按分する比率を決める。",
      ["均等割と人口割の比率", "業務ごとに比率を変えるか", "途中参加団体の負担"],
    ),
    postpone: ["各団体の財政課との調整のため", "回線費用の按分方式と合わせて検討することとなったため"],
    comments: [
      say("hAdmin", "東山村は財政規模が小さく、均等割の比率が高いと負担が重くなります。村長への説明が必要です。"),
      memo("pmo", "東山村の負担額は人口割70%案でも、現行の単独運用より年約200万円安い試算。試算の詳細は団体間でのみ共有する。"),
    ],
  },
  {
    key: "k-tokutei", wg: "kiban", title: "特定移行支援システムの該当有無の確認", type: "リスク", status: "対応中", priority: "緊急", prevPriority: "高",
    assignee: "kAdmin", ball: "pmo", due: 4, created: 40, by: "kAdmin", labels: ["std"],
    body: issueBody(
      "標準準拠システムへの移行期限までに移行が難しい場合の「特定移行支援システム」への該当の有無を確認し、必要なら国への申出を行う。",
      ["該当する業務の洗い出し", "申出の期限と手続", "移行スケジュールへの影響"],
    ),
    comments: [
      say("pmo", "申出の様式を共有しました。各団体で該当の有無を確認してください。"),
      say("cAdmin", "中央町は該当なしの見込みです。"),
    ],
  },
  {
    key: "k-bcp", wg: "kiban", title: "バックアップの遠隔地保管とBCPの方針", type: "リスク", status: "未着手", priority: "高",
    assignee: "nAdmin", ball: "pmo", due: 30, created: 15, by: "nAdmin", labels: ["sec"],
    body: issueBody(
      "大規模災害時にも住民サービスを継続できるよう、バックアップの遠隔地保管と業務継続計画（BCP）の方針を決める。",
      ["バックアップの取得頻度と保管場所", "災害時の窓口業務の代替手段", "復旧目標時間"],
    ),
  },
  {
    key: "k-os", wg: "kiban", title: "窓口端末OSのサポート終了への対応", type: "課題", status: "完了", priority: "中",
    assignee: "kIt", ball: "kita", due: -80, created: 180, closed: 78, by: "kIt", labels: ["sec"],
    body: issueBody(
      "窓口端末のOSのサポート終了に合わせ、端末の更新または移行を行う。",
      ["対象端末の台数", "更新時期と共同化の切替時期の関係"],
    ),
    comments: [say("kIt", "5団体とも端末の更新が完了しました。完了とします。")],
  },
  {
    key: "k-policy", wg: "kiban", title: "情報セキュリティポリシー（クラウド利用編）の改定", type: "課題", status: "解決", priority: "高",
    assignee: "cAdmin", ball: "chuo", due: -25, created: 140, closed: 26, by: "pref", labels: ["sec"],
    body: issueBody(
      "ガバメントクラウドの利用に合わせて、各団体の情報セキュリティポリシー（クラウド利用編）を改定する。",
      ["国のガイドラインの改定内容の反映", "県のひな形の活用"],
    ),
    comments: [
      say("pref", "国のガイドラインの改定を踏まえた県のひな形を共有します。"),
      say("cAdmin", "5団体ともひな形をもとに改定を終えました。"),
    ],
  },
  {
    key: "k-hojokin", wg: "kiban", title: "県のデジタル化推進補助金の活用可否", type: "質問", status: "完了", priority: "中",
    assignee: "pref", ball: "pref", due: -50, created: 100, closed: 48, by: "hAdmin", labels: ["cost"],
    body: issueBody(
      "共同化の初期費用に、県のデジタル化推進補助金を充てられるか確認したい。",
      ["補助対象経費の範囲", "申請の主体（各団体／協議会）"],
    ),
    comments: [
      answer("pref", "**回答**：共同化に係る初期費用は補助対象です（上限あり）。申請は協議会の代表団体から一括で行ってください。"),
      say("hAdmin", "ありがとうございます。完了とします。"),
    ],
  },
  {
    key: "k-log", wg: "kiban", title: "共通基盤の監視とログの保管期間", type: "質問", status: "未着手", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 8, by: "kIt", labels: ["sec"],
    body: issueBody(
      "共通基盤の稼働監視と、アクセスログの保管期間をどうするか確認したい。",
      ["ログの保管期間（1年／5年）", "監視の通知先"],
    ),
  },

  // ---- 文書管理検討WG (project 2: 北川市・東山村・中央町) ----
  {
    key: "b-genkyou", wg: "bunsho", title: "文書管理システムの現行調査（3団体の比較）", type: "課題", status: "完了", priority: "中",
    assignee: "kIt", ball: "kita", due: -40, created: 85, closed: 40, by: "cAdmin",
    body: issueBody(
      "3団体の文書管理システムと電子決裁の利用状況を調査し、比較表にまとめる。",
      ["電子決裁率", "文書の保存・廃棄の運用", "契約期間"],
    ),
    comments: [say("kIt", "比較表を共有しました。完了とします。")],
  },
  {
    key: "b-kessai", wg: "bunsho", title: "電子決裁の導入範囲", type: "懸案", status: "対応中", priority: "中",
    assignee: "cAdmin", ball: "chuo", due: 30, created: 45, by: "cAdmin",
    body: issueBody(
      "共同利用する文書管理システムで、電子決裁をどの範囲の文書から導入するか。",
      ["財務会計システムとの連携", "紙決裁が残る文書の扱い"],
    ),
    comments: [say("hAdmin", "東山村は紙決裁が中心のため、段階的な導入を希望します。")],
  },
  {
    key: "b-bunrui", wg: "bunsho", title: "文書分類表（ファイル基準表）の統一", type: "課題", status: "未着手", priority: "中",
    assignee: "hAdmin", ball: "higa", due: 60, created: 30, by: "kAdmin",
    body: issueBody(
      "共同利用に向けて、文書分類表（ファイル基準表）の体系をそろえる。",
      ["大分類・中分類の統一", "保存年限の基準"],
    ),
  },
  {
    key: "b-hozon", wg: "bunsho", title: "保存年限満了文書の移行要否", type: "質問", status: "回答待ち", priority: "低",
    assignee: "kIt", ball: "kita", due: -1, created: 26, by: "hAdmin",
    body: issueBody(
      "保存年限が満了した文書のデータを、新システムへ移行する必要があるか確認したい。",
      ["歴史公文書としての選別の要否", "移行費用への影響"],
    ),
    postpone: ["各団体の文書管理規程の確認のため"],
  },
];

export function buildIssues(b: Build) {
  const { d, now, at, weekdayBefore, officeHours, workDay, fail, orgId, userId, isGuest, projectTowns, labelId } = b;
  const { wgId, wgProject, wgMembers, wgLead, meetingId, meetingCarryOvers, issueFacts, issueByKey, pushComment } = b;
  // Issues: numbered in the order they were raised.
  const dated = ISSUES.map((spec, index) => {
    const createdAt = at(weekdayBefore(-spec.created), spec.createdHour ?? 9 + (index % 7), (index * 17) % 60);
    return { spec, index, createdAt };
  }).sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);
  const issueId: Record<string, number> = {};
  dated.forEach(({ spec }, i) => {
    if (issueId[spec.key]) fail(`duplicate issue key ${spec.key}`);
    issueId[spec.key] = i + 1;
  });

  const STATUS_PATHS: Record<IssueStatus, IssueStatus[]> = {
    未着手: [],
    対応中: ["対応中"],
    回答待ち: ["対応中", "回答待ち"],
    解決: ["対応中", "解決"],
    完了: ["対応中", "解決", "完了"],
    却下: ["却下"],
  };
  const isClosed = (s: IssueStatus) => (schema.CLOSED_STATUSES as readonly string[]).includes(s);

  let journalId = 0;
  let postponementId = 0;
  dated.forEach(({ spec, createdAt }, i) => {
    const id = i + 1;
    const project = wgProject[spec.wg];
    const members = wgMembers[spec.wg];
    // (A previous assignee may have left the WG since, e.g. on a personnel transfer.)
    if (spec.assignee && !members.has(spec.assignee)) fail(`${spec.key}: assignee ${spec.assignee} is not in ${spec.wg}`);
    const guestCanSee = (u: UserKey) => !isGuest(u) || (spec.vendor === true && members.has(u));
    if (!guestCanSee(spec.by)) fail(`${spec.key}: raised by a vendor who cannot see it`);
    for (const c of spec.comments ?? []) if (!guestCanSee(c.by)) fail(`${spec.key}: vendor comment on a hidden issue`);

    const closed = isClosed(spec.status);
    if (closed !== (spec.closed !== undefined)) fail(`${spec.key}: closed days must be given exactly for closed statuses`);
    const closedAt = closed ? at(-(spec.closed as number), 16, (i * 11) % 60) : null;
    const lastEvent = closedAt ?? at(-1, 18, 0);
    if (lastEvent <= createdAt) fail(`${spec.key}: closes before it is raised`);
    const span = lastEvent - createdAt;
    /** A moment `fraction` of the way through the issue's life, in office hours. */
    const during = (fraction: number, extra = 0) =>
      Math.min(lastEvent, Math.max(createdAt + MIN, officeHours(createdAt + span * fraction) + extra));
    const events: { at: number; row: () => void }[] = [];
    const journal = (when: number, field: string, oldValue: string | null, newValue: string | null, by: UserKey) =>
      events.push({
        at: when,
        row: () => {
          journalId += 1;
          d.issueJournal.push({ id: journalId, issueId: id, userId: userId[by], field, oldValue, newValue, createdAt: when });
        },
      });
    const actor = spec.assignee ?? wgLead(spec.wg);

    // Status history.
    const path = STATUS_PATHS[spec.status];
    let previous: IssueStatus = "未着手";
    path.forEach((status, j) => {
      const when = j === path.length - 1 && closedAt ? closedAt : during((j + 1) / (path.length + 1));
      const by = status === "完了" || status === "却下" ? wgLead(spec.wg) : actor;
      journal(when, "status", previous, status, by);
      previous = status;
    });
    if (spec.prevAssignee) {
      journal(during(0.45), "assigneeId", String(userId[spec.prevAssignee]), spec.assignee ? String(userId[spec.assignee]) : null, wgLead(spec.wg));
    }
    if (spec.prevPriority) {
      journal(during(0.6, 3 * MIN), "priority", spec.prevPriority, spec.priority, wgLead(spec.wg));
    }
    if (spec.prevBall) {
      journal(during(0.7, 5 * MIN), "ballHolderOrgId", String(orgId[spec.prevBall]), spec.ball ? String(orgId[spec.ball]) : null, actor);
    }

    // Carry-overs: postponed due dates (journaled too) and meetings the issue stayed open through.
    const postponements: IssueFact["postponements"] = [];
    const reasons = spec.postpone ?? [];
    if (reasons.length) {
      if (spec.due === null) fail(`${spec.key}: postponed without a due date`);
      const finalDue = spec.due as number;
      const step = Math.floor((finalDue + spec.created) / (reasons.length + 1));
      if (step < 1) fail(`${spec.key}: too many postponements for its life span`);
      const dues = reasons.map((_, k) => -spec.created + step * (k + 1)).concat(finalDue);
      let last = createdAt;
      reasons.forEach((reason, k) => {
        // Postponed on the day the old due date lapsed (or earlier, if that is still ahead).
        let when = Math.min(at(weekdayBefore(dues[k]), 17, 30), lastEvent - (reasons.length - k) * HOUR);
        when = Math.max(when, last + 30 * MIN);
        last = when;
        const fromDue = workDay(dues[k]);
        const toDue = workDay(dues[k + 1]);
        if (fromDue >= toDue) fail(`${spec.key}: a postponement must move the due date later`);
        const by = wgLead(spec.wg);
        postponements.push({ kind: "due_date", at: when, fromDue, toDue });
        events.push({
          at: when,
          row: () => {
            postponementId += 1;
            d.issuePostponement.push({
              id: postponementId, issueId: id, kind: "due_date", fromDue, toDue, reason, meetingId: null,
              userId: userId[by], createdAt: when,
            });
          },
        });
        journal(when, "dueOn", fromDue, toDue, by);
      });
    }
    for (const mc of meetingCarryOvers[spec.key] ?? []) {
      if (mc.at <= createdAt) fail(`${spec.key}: on the agenda of ${mc.meeting.key} before it was raised`);
      if (closedAt !== null && closedAt <= mc.at) continue; // closed in that meeting: not carried over
      postponements.push({ kind: "meeting", at: mc.at, fromDue: null, toDue: null });
      events.push({
        at: mc.at,
        row: () => {
          postponementId += 1;
          d.issuePostponement.push({
            id: postponementId, issueId: id, kind: "meeting", fromDue: null, toDue: null,
            // The meeting is cited by meetingId only: its title is not for everyone who reads the issue.
            reason: "結論に至らず、次回へ持ち越し", meetingId: meetingId[mc.meeting.key],
            userId: userId[mc.meeting.chair], createdAt: mc.at,
          });
        },
      });
    }

    // Comments, spread over the issue's life.
    const comments = spec.comments ?? [];
    comments.forEach((c, j) => {
      const when = during((j + 1) / (comments.length + 1), 7 * MIN);
      events.push({ at: when, row: () => pushComment({ issueId: id }, c, when) });
    });

    for (const e of events) if (e.at <= createdAt || e.at > lastEvent || e.at >= now) fail(`${spec.key}: event out of range`);
    events.sort((a, b) => a.at - b.at);
    postponements.sort((a, b) => a.at - b.at);

    d.issue.push(issueRow({
      id, consortiumId: CONSORTIUM_ID, wgId: wgId[spec.wg], number: id, title: spec.title,
      body: spec.wg === "jumin" && !spec.vendor ? spec.body + HIDDEN_FROM_VENDOR_NOTE : spec.body,
      type: spec.type, status: spec.status, priority: spec.priority,
      assigneeId: spec.assignee ? userId[spec.assignee] : null, ballHolderOrgId: spec.ball ? orgId[spec.ball] : null,
      dueOn: spec.due === null ? null : workDay(spec.due), vendorVisible: spec.vendor ?? false,
      carryOverCount: postponements.length, createdBy: userId[spec.by], createdAt,
      updatedAt: events.length ? events[events.length - 1].at : createdAt, closedAt,
    }));
    // Rows of the child tables are inserted table by table; keep each table in issue order.
    for (const t of spec.towns ?? projectTowns[project]) {
      if (!projectTowns[project].includes(t)) fail(`${spec.key}: ${t} is not in the project`);
      d.issueOrganization.push({ issueId: id, organizationId: orgId[t] });
    }
    for (const l of spec.labels ?? []) d.issueLabel.push({ issueId: id, labelId: labelId[l] });
    for (const e of events) e.row();

    const fact: IssueFact = {
      id, number: id, title: spec.title, wgId: wgId[spec.wg], createdAt, closedAt,
      dueOn: spec.due === null ? null : workDay(spec.due), ballOrgId: spec.ball ? orgId[spec.ball] : null, postponements,
    };
    issueFacts.push(fact);
    issueByKey[spec.key] = fact;
  });
}
