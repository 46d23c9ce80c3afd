// Composing e-mail (issue 8): every message is in the recipient's locale (the text is in
// app/i18n/mail.ts), with a text part (and an HTML part where it helps), says why the
// recipient gets it and links back with APP_URL. Pure text building: no database, no
// sending — the outbox and the daily run call these.
import { translator, type Locale, type MessageKey, type T } from "~/i18n";
import { env } from "~/utils/env.server";

/** Base URL of links in e-mail (APP_URL, default http://localhost:3000). */
export function appUrl(pathname = "/") {
  return `${env.appUrl}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const footer = (t: T) => ["――", t("mail.footerApp"), t("mail.footerNoReply")];
const kindLabel = (t: T, kind: string) => t(`notifications.kind.${kind}` as MessageKey);

export type Mail = { subject: string; text: string; html: string };

/** One notification as an e-mail: what happened, the item with its link, and why the user gets it. */
export function composeNotificationMail(m: { locale: Locale; name: string; kind: string; summary: string; title: string; url: string; reason: string; excerpt?: string }): Mail {
  const t = translator(m.locale);
  const link = appUrl(m.url);
  const settings = appUrl("/account#notifications");
  const quote = m.excerpt ? m.excerpt.split("\n").map((l) => `> ${l}`) : [];
  const text = [
    t("mail.greeting", { name: m.name }),
    "",
    m.summary,
    "",
    `■ ${m.title}`,
    link,
    ...(quote.length ? ["", ...quote] : []),
    "",
    t("mail.why", { reason: m.reason }),
    t("mail.notification.settingsAt", { url: settings }),
    "",
    ...footer(t),
    "",
  ].join("\n");
  const html = `<!doctype html><html lang="${m.locale}"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(t("mail.greeting", { name: m.name }))}</p>
<p>${escapeHtml(m.summary)}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(m.title)}</a></p>
${m.excerpt ? `<blockquote style="color:#444;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(m.excerpt)}</blockquote>` : ""}
<p style="color:#555;font-size:90%">${escapeHtml(t("mail.why", { reason: m.reason }))}<br><a href="${escapeHtml(settings)}">${escapeHtml(t("mail.notification.settingsLink"))}</a></p>
<p style="color:#777;font-size:85%">${footer(t).slice(1).map(escapeHtml).join("<br>")}</p>
</body></html>`;
  return { subject: t("mail.notification.subject", { kind: kindLabel(t, m.kind), title: m.title }), text, html };
}

export type DigestEntry = { kind: string; title: string; url: string; reason: string; projectName: string | null };

/** Groups digest entries by project (named projects in name order, then the items of no project, "other"). */
export function groupByProject(entries: DigestEntry[], locale: Locale = "ja") {
  const groups = new Map<string, DigestEntry[]>();
  for (const e of entries) {
    const key = e.projectName ?? "";
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "ja")))
    .map(([project, items]) => ({ project: project || translator(locale)("mail.digest.otherProject"), items }));
}

/** The 8:00 digest: everything since the last one, grouped by project. */
export function composeDigest({ locale, name, date, entries }: { locale: Locale; name: string; date: string; entries: DigestEntry[] }): Mail {
  const t = translator(locale);
  const groups = groupByProject(entries, locale);
  const lead = t("mail.digest.lead", { count: entries.length });
  const groupTitle = (g: (typeof groups)[number]) => t("mail.digest.group", { project: g.project, count: g.items.length });
  const lines = [t("mail.greeting", { name }), "", lead, ""];
  for (const g of groups) {
    lines.push(`■ ${groupTitle(g)}`);
    for (const e of g.items) {
      lines.push(t("mail.digest.item", { kind: kindLabel(t, e.kind), title: e.title }), `  ${appUrl(e.url)}`, `  ${t("mail.digest.reason", { reason: e.reason })}`);
    }
    lines.push("");
  }
  lines.push(t("mail.digest.settingsAt", { url: appUrl("/account#notifications") }), "", ...footer(t), "");
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(t("mail.greeting", { name }))}</p><p>${escapeHtml(lead)}</p>
${groups
  .map(
    (g) =>
      `<h2 style="font-size:110%">${escapeHtml(groupTitle(g))}</h2><ul>${g.items
        .map((e) => `<li>${escapeHtml(t("mail.digest.kind", { kind: kindLabel(t, e.kind) }))}<a href="${escapeHtml(appUrl(e.url))}">${escapeHtml(e.title)}</a><br><small>${escapeHtml(t("mail.digest.reason", { reason: e.reason }))}</small></li>`)
        .join("")}</ul>`,
  )
  .join("\n")}
<p style="color:#777;font-size:85%">${footer(t).slice(1).map(escapeHtml).join("<br>")}</p></body></html>`;
  const [, month, day] = date.split("-").map(Number);
  return { subject: t("mail.digest.subject", { date: t("mail.digest.date", { month, day }), count: entries.length }), text: lines.join("\n"), html };
}

/**
 * Password reset / first password (text only): issued by an administrator, or asked for by
 * the owner on the sign-in page (`askedByOwner`); `invited` for a new user's first password.
 */
export function composePasswordResetMail({ locale, name, token, invited, askedByOwner }: { locale: Locale; name: string; token: string; invited: boolean; askedByOwner: boolean }) {
  const t = translator(locale);
  const link = appUrl(`/set-password/${token}`);
  const text = [
    t("mail.greeting", { name }),
    "",
    t(invited ? "mail.password.leadInvited" : "mail.password.leadReset"),
    "",
    link,
    "",
    t(askedByOwner ? "mail.password.onceOwner" : "mail.password.onceAdmin"),
    "",
    t("mail.why", { reason: t(invited ? "mail.password.reasonInvited" : askedByOwner ? "mail.password.reasonOwner" : "mail.password.reasonAdmin") }),
    "",
    ...footer(t),
    "",
  ].join("\n");
  return { subject: t(invited ? "mail.password.subjectInvited" : "mail.password.subjectReset"), text };
}

/**
 * An invitation (text only), from `who` (the inviter and their organization, see `invitationSender`). `link` is a
 * path such as `/invite/<token>` (made absolute with APP_URL) or a full URL.
 */
export function composeInvitationMail({ locale, inviteeName, who, consortium, link }: { locale: Locale; inviteeName: string; who: string; consortium: string; link: string }) {
  const t = translator(locale);
  const url = /^https?:\/\//.test(link) ? link : appUrl(link);
  const text = [
    t("mail.greeting", { name: inviteeName }),
    "",
    t("mail.invitation.lead", { who, consortium }),
    t("mail.invitation.howTo"),
    "",
    url,
    "",
    t("mail.why", { reason: t("mail.invitation.reason", { who }) }),
    "",
    ...footer(t),
    "",
  ].join("\n");
  return { subject: t("mail.invitation.subject", { consortium }), text };
}

/** Who an invitation is from: the inviter and their organization, or the administrators. */
export function invitationSender(locale: Locale, inviter: { name: string; organizationName: string } | undefined) {
  return inviter ? translator(locale)("mail.invitation.who", { name: inviter.name, organization: inviter.organizationName }) : translator(locale)("mail.invitation.whoAdmin");
}
