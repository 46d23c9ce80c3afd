// Vendor guest panels: the two lists of a WG (質疑応答: 「回答待ち」 and 「貴社対応待ち」) and the guest home.
import { Link } from "@remix-run/react";
import { StatusBadge } from "~/components/issue-list";
import type { MessageKey } from "~/i18n";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";

type Row = { id: number; number: number; title: string; status: string; type: string; dueOn: string | null };

export function VendorQueues({ awaiting, yourTurn }: { awaiting: Row[]; yourTurn: Row[] }) {
  const t = useT();
  return (
    <div className="grid two vendor-queues">
      <Queue id="qa-your-turn" title={t("guests.qa.yourTurn")} lead={t("guests.qa.yourTurnLead")} rows={yourTurn} />
      <Queue id="qa-awaiting" title={t("guests.qa.awaiting")} lead={t("guests.qa.awaitingLead")} rows={awaiting} />
    </div>
  );
}

function Queue({ id, title, lead, rows }: { id: string; title: string; lead: string; rows: Row[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="badge">{rows.length}</span>
      </h2>
      <p className="muted small">{lead}</p>
      {rows.length === 0 ? (
        <p className="muted">{t("guests.qa.none")}</p>
      ) : (
        <ul className="link-list">
          {rows.map((r) => (
            <li key={r.id}>
              <Link to={`/issues/${r.number}`}>
                #{r.number} {r.title}
              </Link>
              <span className="badge">{t(`type.${r.type}` as MessageKey)}</span>
              <StatusBadge status={r.status} />
              {r.dueOn ? (
                <span className="muted small">
                  {t("issues.due")} {formatDate(r.dueOn, locale)}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type HomeWg = { id: number; name: string; description: string; awaiting: number; yourTurn: number };

/** The guest home: only the guest's own WGs, each with what waits for whom. */
export function GuestHome({ wgs }: { wgs: HomeWg[] }) {
  const t = useT();
  return (
    <section className="card guest-home" aria-labelledby="guest-wgs">
      <h2 id="guest-wgs">{t("guests.home.title")}</h2>
      <p className="muted small">{t("guests.home.lead")}</p>
      {wgs.length === 0 ? (
        <p>{t("guests.home.none")}</p>
      ) : (
        <ul className="link-list">
          {wgs.map((w) => (
            <li key={w.id}>
              <Link to={`/wg/${w.id}`}>{w.name}</Link>
              <span className={w.yourTurn ? "badge late" : "badge muted"}>{t("guests.home.yourTurn", { count: w.yourTurn })}</span>
              <span className="badge muted">{t("guests.home.awaiting", { count: w.awaiting })}</span>
              <Link to={`/issues/new?wg=${w.id}`} className="small">
                {t("guests.qa.ask")}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
