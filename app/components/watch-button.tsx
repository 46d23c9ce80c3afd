// 「ウォッチする / ウォッチをやめる」 for an issue, a meeting or a decision. The page's loader
// passes `watchState(viewer, type, id)` (app/models/notification.server.ts); the button
// posts to /notifications/watch and shows the new state at once.
import { useFetcher, useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n";

export type WatchProps = { entityType: "issue" | "meeting" | "decision"; entityId: number; watching: boolean; count: number | null };

export function WatchButton({ entityType, entityId, watching, count }: WatchProps) {
  const t = useT();
  const fetcher = useFetcher<WatchProps>();
  const { pathname, search } = useLocation();
  const pending = fetcher.formData ? fetcher.formData.get("watch") === "1" : null;
  const now = pending ?? fetcher.data?.watching ?? watching;
  const shownCount =
    count === null ? null : fetcher.data && !fetcher.formData ? fetcher.data.count : count + (pending === null ? 0 : (pending ? 1 : 0) - (watching ? 1 : 0));
  return (
    <fetcher.Form method="post" action="/notifications/watch" className="watch-form">
      <input type="hidden" name="entityType" value={entityType} />
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="watch" value={now ? "0" : "1"} />
      <input type="hidden" name="redirectTo" value={`${pathname}${search}`} />
      <button type="submit" className={`button small watch-button${now ? " is-watching" : ""}`} title={t("notifications.watchHint")}>
        <span aria-hidden="true">{now ? "★" : "☆"}</span> {now ? t("notifications.watching") : t("notifications.watch")}
      </button>
      {shownCount === null ? null : <span className="muted small watch-count">{t("notifications.watchers", { count: Math.max(0, shownCount) })}</span>}
    </fetcher.Form>
  );
}
