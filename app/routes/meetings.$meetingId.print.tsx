import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { getMeeting } from "~/models/meeting.server";
import { formatDateTime, formatMeetingTime } from "~/utils/dates";
import { useLocale, useT, documentTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";

/** The minutes as a document for the paper briefing file: A4 portrait, sketches included. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, user } = requireAuth(request, context);
  const data = await getMeeting({ viewer, meetingId: parseId(params.meetingId) });
  if (!data) notFound();
  const { notes: _notes, ...rest } = data;
  return json({ ...rest, consortiumName: user.consortiumName, printedAt: Date.now() });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? documentTitle(matches, "titles.minutesPrint", { title: data.meeting.title }) : documentTitle(matches, "titles.minutes") }];

export default function PrintMinutes() {
  const { meeting: m, agenda, attendeesByTown, columns, confirmations, consortiumName, printedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const agendaById = new Map(agenda.map((a) => [a.id, a]));
  return (
    <main className="print-doc">
      <p className="print-actions">
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("meetings.printButton")}
        </button>
      </p>
      <header>
        <p className="print-org">{consortiumName}</p>
        <h1>
          {m.title} {t("meetings.printTitle")}
        </h1>
        <dl className="print-facts">
          <dt>{t("meetings.kind")}</dt>
          <dd>
            {m.kind}
            {m.rank ? `（${m.rank}）` : ""}
          </dd>
          <dt>{t("meetings.when")}</dt>
          <dd>{formatMeetingTime(m.startsAt, m.endsAt, locale)}</dd>
          {m.place ? (
            <>
              <dt>{t("meetings.place")}</dt>
              <dd>{m.place}</dd>
            </>
          ) : null}
          {m.hostName ? (
            <>
              <dt>{t("meetings.host")}</dt>
              <dd>{m.hostName}</dd>
            </>
          ) : null}
          <dt>{t("meetings.attendees")}</dt>
          <dd>
            {attendeesByTown.map((g) => (
              <div key={g.organizationName}>
                {g.organizationName}: {g.rows.map((a) => a.name).join("、")}
              </div>
            ))}
          </dd>
          <dt>{t("meetings.printConfirmed")}</dt>
          <dd>
            {confirmations
              .filter((c) => c.confirmedAt)
              .map((c) => c.organizationName)
              .join("、") || "—"}
          </dd>
        </dl>
      </header>
      {columns
        .filter((col) => col.agendaItemId !== null || col.kinds.length)
        .map((col) => {
          const item = col.agendaItemId !== null ? agendaById.get(col.agendaItemId) : null;
          return (
            <section key={col.agendaItemId ?? "other"} className="print-section">
              <h2>{item ? (item.issueNumber ? `#${item.issueNumber} ${item.title}` : item.title) : t("meetings.other")}</h2>
              {col.kinds.map((g) => (
                <div key={g.kind} className="print-kind">
                  <h3>{t(`noteKind.${g.kind}` as MessageKey)}</h3>
                  <ul>
                    {g.notes.map((n) => (
                      <li key={n.id}>
                        {n.text}
                        <span className="print-author">
                          （{n.authorName}・{n.organizationName}）{n.internal ? `〔${t("meetings.printInternal")}〕` : ""}
                          {n.issueNumber ? ` → #${n.issueNumber}` : ""}
                          {n.decisionNumber ? ` → ${n.decisionNumber}` : ""}
                        </span>
                        {n.sketches.map((s) => (
                          <img key={s.id} src={`/attachments/${s.id}`} alt={s.fileName} className="print-sketch" />
                        ))}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          );
        })}
      <footer className="print-footer">{formatDateTime(printedAt, locale)}</footer>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
