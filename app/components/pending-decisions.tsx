// 「自団体の対応待ち」 on a town's dashboard: decisions in consultation waiting for the
// town's stance or its internal approval (庁内決裁).
import { Link } from "@remix-run/react";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { ApprovalBadge, StanceBadge } from "./decision-ui";

type Pending = { id: number; number: string; title: string; stanceDueOn: string | null; stance: string | null; approval: string };

export function PendingDecisions({ items, organizationId }: { items: Pending[]; organizationId: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card pending-decisions" aria-labelledby="pending-decisions">
      <h2 id="pending-decisions">{t("decisions.pending.title")}</h2>
      {items.length === 0 ? (
        <p className="muted">{t("decisions.pending.none")}</p>
      ) : (
        <ul className="link-list">
          {items.map((d) => (
            <li key={d.id}>
              <Link to={`/decisions/${d.id}`}>
                {d.number} {d.title}
              </Link>
              {d.stance === null ? (
                <span className="badge waiting">{t("decisions.pending.stance")}</span>
              ) : (
                <>
                  <StanceBadge stance={d.stance} />
                  <span className="badge waiting">{t("decisions.pending.approval")}</span>
                </>
              )}
              <ApprovalBadge approval={d.approval} />
              {d.stanceDueOn ? <span className="muted small due">{t("decisions.pending.due", { date: formatDate(d.stanceDueOn, locale) })}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <Link to={`/decisions?status=協議中&missing=${organizationId}`}>{t("decisions.pending.all")}</Link>
      </p>
    </section>
  );
}
