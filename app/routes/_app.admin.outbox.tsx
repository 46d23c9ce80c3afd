// /admin/outbox: the PMO sees the mail Renkei sent or will send (the email_outbox queue).
// Without SMTP_URL the messages are .eml files under the data directory. `?message=<id>`
// opens one: its headers, the plain text as the recipient reads it, and the raw message.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getOutboxMessage, listOutbox } from "~/jobs/mail/outbox.server";
import { mailTransport } from "~/jobs/mail/transport.server";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { notFound, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const wanted = new URL(request.url).searchParams.get("message");
  if (wanted !== null) {
    const message = await getOutboxMessage({ consortiumId: viewer.consortiumId, id: parseId(wanted) });
    if (!message) notFound();
    const { html: _html, ...shown } = message;
    return json({ message: shown, list: null });
  }
  const transport = mailTransport();
  return json({
    message: null,
    list: {
      delivery: transport.kind,
      dir: transport.kind === "file" ? transport.dir.replace(env.dataDir, "DATA_DIR") : null,
      messages: await listOutbox({ consortiumId: viewer.consortiumId }),
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data?.message ? pageTitle(matches, "titles.adminOutboxMessage", { subject: data.message.subject }) : pageTitle(matches, "titles.adminOutbox") }];

export default function Outbox() {
  const { message, list } = useLoaderData<typeof loader>();
  return message ? <OutboxMessage m={message} /> : list ? <OutboxList {...list} /> : null;
}

function OutboxList({ delivery, dir, messages }: { delivery: string; dir: string | null; messages: { id: number; toAddress: string; subject: string; status: string; attempts: number; createdAt: number }[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("mail.outbox.title")}</h1>
      <p>{t("mail.outbox.intro")}</p>
      <p className="muted small">{delivery === "smtp" ? t("mail.outbox.smtp") : t("mail.outbox.files", { dir: dir ?? "" })}</p>
      {messages.length === 0 ? (
        <p className="muted">{t("mail.outbox.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table outbox-table">
            <thead>
              <tr>
                <th scope="col">{t("mail.outbox.createdAt")}</th>
                <th scope="col">{t("mail.outbox.to")}</th>
                <th scope="col">{t("mail.outbox.subject")}</th>
                <th scope="col">{t("mail.outbox.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td className="nowrap small">{formatDateTime(m.createdAt, locale)}</td>
                  <td className="small">{m.toAddress}</td>
                  <td>
                    <Link to={`/admin/outbox?message=${m.id}`}>{m.subject}</Link>
                  </td>
                  <td className="nowrap">
                    <span className={`outbox-status outbox-${m.status}`}>{t(`mail.outbox.status.${m.status}` as "mail.outbox.status.sent")}</span>
                    {m.status !== "sent" && m.attempts > 0 ? <span className="muted small"> ({m.attempts})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type Shown = { subject: string; toAddress: string; status: string; attempts: number; createdAt: number; sentAt: number | null; file: string | null; lastError: string | null; text: string; raw: string };

function OutboxMessage({ m }: { m: Shown }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="outbox-message">
      <p>
        <Link to="/admin/outbox">← {t("mail.outbox.back")}</Link>
      </p>
      <h1>{m.subject}</h1>
      <dl className="facts">
        <dt>{t("mail.outbox.to")}</dt>
        <dd>{m.toAddress}</dd>
        <dt>{t("mail.outbox.status")}</dt>
        <dd>
          {t(`mail.outbox.status.${m.status}` as "mail.outbox.status.sent")}
          {m.attempts > 1 ? `（${t("mail.outbox.attempts")}: ${m.attempts}）` : ""}
        </dd>
        <dt>{t("mail.outbox.createdAt")}</dt>
        <dd>{formatDateTime(m.createdAt, locale)}</dd>
        {m.sentAt ? (
          <>
            <dt>{t("mail.outbox.sentAt")}</dt>
            <dd>{formatDateTime(m.sentAt, locale)}</dd>
          </>
        ) : null}
        {m.file ? (
          <>
            <dt>{t("mail.outbox.file")}</dt>
            <dd>
              <code>{m.file}</code>
            </dd>
          </>
        ) : null}
        {m.lastError ? (
          <>
            <dt>{t("mail.outbox.lastError")}</dt>
            <dd>{m.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("mail.outbox.text")}</h2>
      <pre className="mail-text">{m.text}</pre>
      <details>
        <summary>{t("mail.outbox.raw")}</summary>
        <pre className="mail-raw">{m.raw}</pre>
      </details>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
