// Composing e-mail (issue 8): every message is Japanese, with a text part (and an HTML part
// where it helps), says why the recipient gets it and links back with APP_URL. Pure text
// building: no database, no sending — the outbox and the daily run call these.
import { translate } from "~/i18n";
import { env } from "~/utils/env.server";

/** Base URL of links in e-mail (APP_URL, default http://localhost:3000). */
export function appUrl(pathname = "/") {
  return `${env.appUrl}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const FOOTER = ["――", "Renkei（自治体連携の進捗管理）", "このメールは送信専用です。返信はできません。"];

export type Mail = { subject: string; text: string; html: string };

/** One notification as an e-mail: what happened, the item with its link, and why the user gets it. */
export function composeNotificationMail(m: { name: string; kind: string; summary: string; title: string; url: string; reason: string; excerpt?: string }): Mail {
  const kindLabel = translate("ja", `notifications.kind.${m.kind}` as "notifications.kind.comment");
  const link = appUrl(m.url);
  const settings = appUrl("/account#notifications");
  const quote = m.excerpt ? m.excerpt.split("\n").map((l) => `> ${l}`) : [];
  const text = [
    `${m.name} 様`,
    "",
    m.summary,
    "",
    `■ ${m.title}`,
    link,
    ...(quote.length ? ["", ...quote] : []),
    "",
    `このメールをお送りした理由: ${m.reason}`,
    `通知の受け取り方は次のページで変更できます: ${settings}`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  const html = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(m.name)} 様</p>
<p>${escapeHtml(m.summary)}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(m.title)}</a></p>
${m.excerpt ? `<blockquote style="color:#444;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(m.excerpt)}</blockquote>` : ""}
<p style="color:#555;font-size:90%">このメールをお送りした理由: ${escapeHtml(m.reason)}<br><a href="${escapeHtml(settings)}">通知の受け取り方を変更する</a></p>
<p style="color:#777;font-size:85%">${FOOTER.slice(1).map(escapeHtml).join("<br>")}</p>
</body></html>`;
  return { subject: `【Renkei】${kindLabel}: ${m.title}`, text, html };
}

export type DigestEntry = { kind: string; title: string; url: string; reason: string; projectName: string | null };

/** Groups digest entries by project (named projects in name order, then 「その他」). */
export function groupByProject(entries: DigestEntry[]) {
  const groups = new Map<string, DigestEntry[]>();
  for (const e of entries) {
    const key = e.projectName ?? "";
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "ja")))
    .map(([project, items]) => ({ project: project || "その他", items }));
}

/** The 8:00 digest: everything since the last one, grouped by project. */
export function composeDigest({ name, date, entries }: { name: string; date: string; entries: DigestEntry[] }): Mail {
  const groups = groupByProject(entries);
  const lines = [`${name} 様`, "", `Renkei からのお知らせ ${entries.length} 件をまとめてお送りします。`, ""];
  for (const g of groups) {
    lines.push(`■ ${g.project}（${g.items.length}件）`);
    for (const e of g.items) {
      lines.push(`・［${translate("ja", `notifications.kind.${e.kind}` as "notifications.kind.comment")}］${e.title}`, `  ${appUrl(e.url)}`, `  理由: ${e.reason}`);
    }
    lines.push("");
  }
  lines.push(`まとめメールの受け取り方は次のページで変更できます: ${appUrl("/account#notifications")}`, "", ...FOOTER, "");
  const html = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(name)} 様</p><p>Renkei からのお知らせ ${entries.length} 件をまとめてお送りします。</p>
${groups
  .map(
    (g) =>
      `<h2 style="font-size:110%">${escapeHtml(g.project)}（${g.items.length}件）</h2><ul>${g.items
        .map((e) => `<li>［${escapeHtml(translate("ja", `notifications.kind.${e.kind}` as "notifications.kind.comment"))}］<a href="${escapeHtml(appUrl(e.url))}">${escapeHtml(e.title)}</a><br><small>理由: ${escapeHtml(e.reason)}</small></li>`)
        .join("")}</ul>`,
  )
  .join("\n")}
<p style="color:#777;font-size:85%">${FOOTER.slice(1).map(escapeHtml).join("<br>")}</p></body></html>`;
  return { subject: `【Renkei】${date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, "$2月$3日")}のまとめ（${entries.length}件）`, text: lines.join("\n"), html };
}

/**
 * Password reset / first password (text only): issued by an administrator, or asked for by
 * the owner on the sign-in page (`askedByOwner`); `invited` for a new user's first password.
 */
export function composePasswordResetMail({ name, token, invited, askedByOwner }: { name: string; token: string; invited: boolean; askedByOwner: boolean }) {
  const link = appUrl(`/set-password/${token}`);
  const text = [
    `${name} 様`,
    "",
    invited ? "Renkei の利用者として登録されました。次のリンクからパスワードを設定してください。" : "Renkei のパスワード再設定のご案内です。次のリンクから新しいパスワードを設定してください。",
    "",
    link,
    "",
    askedByOwner
      ? "このリンクは一度だけ使えます。心当たりのない場合は、このメールを破棄してください（パスワードは変わりません）。第三者がログインを試みているおそれがあるため、所属団体の管理者にもご連絡ください。"
      : "このリンクは一度だけ使えます。心当たりのない場合は、このメールを破棄し、所属団体の管理者にご連絡ください。",
    "",
    `このメールをお送りした理由: ${invited ? "管理者があなたの利用者登録を行いました。" : askedByOwner ? "Renkei のログイン画面から、このメールアドレス宛てにパスワード再設定のリンクの送信が依頼されました。" : "管理者がパスワード再設定のリンクを発行しました。"}`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  return { subject: invited ? "【Renkei】利用者登録とパスワード設定のご案内" : "【Renkei】パスワード再設定のご案内", text };
}

/**
 * An invitation (text only), from `who` (「〇〇市の田中さん」). `link` is a path such as
 * `/invite/<token>` (made absolute with APP_URL) or a full URL.
 */
export function composeInvitationMail({ inviteeName, who, link }: { inviteeName: string; who: string; link: string }) {
  const url = /^https?:\/\//.test(link) ? link : appUrl(link);
  const text = [
    `${inviteeName} 様`,
    "",
    `${who}から、Renkei（自治体連携の進捗管理）への招待が届いています。`,
    "次のリンクからパスワードを設定し、利用を開始してください。このリンクは一度だけ使えます。",
    "",
    url,
    "",
    `このメールをお送りした理由: ${who}がこのアドレスを招待しました。心当たりのない場合は破棄してください。`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  return { subject: "【Renkei】招待のお知らせ", text };
}
