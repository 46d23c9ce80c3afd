// The demo accounts `npm start` prints and the sign-in page lists (demo mode only).
export const DEMO_PASSWORD = "renkei-demo-2026";

/**
 * The five logins of DESIGN.md, then the other town admins of the first consortium, then the
 * second consortium's PMO and a person who belongs to both (the consortium switcher).
 */
export const DEMO_LOGINS: { email: string; label: string }[] = [
  { email: "pmo@demo.renkei.jp", label: "さくら広域 協議会の事務局（PMO）" },
  { email: "staff@kitagawa.demo.renkei.jp", label: "北川市 担当者（住民記録WG・税務WG メンバー）" },
  { email: "lead@minamihama.demo.renkei.jp", label: "南浜町 団体管理者・住民記録WG リーダー" },
  { email: "exec@demo.renkei.jp", label: "推進本部（経営層・閲覧のみ）" },
  { email: "vendor@vendor-a.demo.renkei.jp", label: "事業者ゲスト（株式会社さくらシステムズ。住民記録WGと、みどり川の調達仕様WGのみ）" },
  { email: "admin@kitagawa.demo.renkei.jp", label: "北川市 団体管理者" },
  { email: "admin@higashiyama.demo.renkei.jp", label: "東山村 団体管理者" },
  { email: "admin@nishihara.demo.renkei.jp", label: "西原市 団体管理者（共通基盤WG リーダー）" },
  { email: "admin@chuo.demo.renkei.jp", label: "中央町 団体管理者" },
  { email: "pmo@midorigawa.demo.renkei.jp", label: "みどり川 協議会の事務局（PMO）" },
  { email: "it@kitagawa.demo.renkei.jp", label: "北川市 情報政策課 担当者（2つの協議会に参加。右上のお名前のメニューで切り替え）" },
];
