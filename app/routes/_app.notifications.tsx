// The inbox (/notifications): what concerns the signed-in user, newest first, each with
// why they got it and a link to the item; mark one or all as read. Only notifications
// about items the user may still see are listed (notification.server.ts).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { unreadLabel } from "~/components/bell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isMessageKey } from "~/i18n";
import type { MessageKey } from "~/i18n";
import { listNotifications, markRead, unreadCount } from "~/models/inbox.server";
import { formatDateTime } from "~/utils/dates";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { requireAuth } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const filter = new URL(request.url).searchParams.get("show") === "unread" ? "unread" : "all";
  return json({ filter, items: await listNotifications({ viewer, filter }), unread: await unreadCount(viewer) });
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().positive().max(2 ** 31), next: z.string().max(500).optional() }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const { data, errors } = parseForm(Intent, await readForm(request));
  if (!data) return badRequest(errors);
  if (data.intent === "read-all") {
    await markRead({ viewer, ids: "all" });
    return json({ ok: true as const });
  }
  await markRead({ viewer, ids: [data.id] });
  // 「開く」: mark read, then go to the item (a local path only).
  if (data.next) return redirect(safeRedirect(data.next));
  return json({ ok: true as const });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.notifications") }];

export default function Notifications() {
  const { filter, items, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const reason = (key: string) => (isMessageKey(key) ? t(key) : key);
  return (
    <div className="page narrow notifications-page">
      <div className="page-header">
        <h1>{t("notifications.title")}</h1>
        <Link to="/account#notifications" className="small">
          {t("notifications.settingsLink")}
        </Link>
      </div>
      <p className="muted">{t("notifications.intro")}</p>
      <div className="notifications-toolbar">
        <nav className="tabs" aria-label={t("notifications.title")}>
          <Link to="/notifications" className={filter === "all" ? "active" : undefined} aria-current={filter === "all" ? "page" : undefined}>
            {t("notifications.all")}
          </Link>
          <Link to="/notifications?show=unread" className={filter === "unread" ? "active" : undefined} aria-current={filter === "unread" ? "page" : undefined}>
            {t("notifications.unreadOnly")}（{unreadLabel(unread)}）
          </Link>
        </nav>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button small" disabled={busy}>
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="muted empty">{filter === "unread" ? t("notifications.emptyUnread") : t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "notification is-read" : "notification is-unread"}>
              <div className="notification-main">
                <p className="notification-meta">
                  {n.readAt ? null : <span className="notification-dot">{t("notifications.unread")}</span>}
                  <span className="notification-kind">{t(`notifications.kind.${n.kind}` as MessageKey)}</span>
                  <time dateTime={new Date(n.createdAt).toISOString()} className="muted small">
                    {formatDateTime(n.createdAt, locale)}
                  </time>
                  {n.actorName ? <span className="muted small">{t("notifications.by", { name: n.actorName })}</span> : null}
                </p>
                <div className="notification-title">
                  {n.readAt ? (
                    <Link to={n.url}>{n.title}</Link>
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={n.id} />
                      <input type="hidden" name="next" value={n.url} />
                      <button type="submit" className="link-button notification-open">
                        {n.title}
                      </button>
                    </Form>
                  )}
                </div>
                <p className="notification-reason muted small">
                  {t("notifications.reasonLabel")}: {reason(n.reason)}
                </p>
              </div>
              {n.readAt ? null : (
                <Form method="post" className="notification-actions">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="button small" disabled={busy} aria-label={`${t("notifications.markRead")}: ${n.title}`}>
                    {t("notifications.markRead")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
