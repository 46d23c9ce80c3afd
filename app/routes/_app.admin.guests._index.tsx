// Vendor guests (事業者ゲスト): the PMO sees every guest with their WGs, access end date,
// last sign-in and invitation state, and can remove a guest from every WG at once; a WG
// lead sees the guests of the WGs they lead and can revoke their pending invitations.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HeadedTable, IntentButton } from "~/components/row-controls";
import { listGuests, mayInvite, removeFromAllWgs, revokeInvitation } from "~/models/guest.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { answer, badRequest } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { can } from "~/policy/permissions";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  if (!await mayInvite(viewer)) notFound();
  return json({ guests: await listGuests({ viewer }), isPmo: can(viewer, "guest.manage") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  if (!await mayInvite(viewer)) notFound();
  const form = await readForm(request);
  const intent = form.get("intent");
  const userId = Number(form.get("userId"));
  if (!Number.isSafeInteger(userId) || userId <= 0) return badRequest({ form: "guests.notFound" });
  if (intent === "revoke") {
    const result = await revokeInvitation({ viewer, actor: actorOf(context), userId });
    if (!result.ok) return answer(result);
    return json({ ok: true as const, intent, userId });
  }
  if (intent === "removeAll") {
    if (!can(viewer, "guest.manage")) notFound();
    const result = await removeFromAllWgs({ viewer, actor: actorOf(context), userId });
    if (!result.ok) return answer(result);
    return json({ ok: true as const, intent, userId });
  }
  return badRequest({ form: "guests.notFound" });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminGuests") }];

const STATE_CLASS = { accepted: "badge ok", pending: "badge", expired: "badge muted", revoked: "badge muted", none: "badge muted" } as const;

export default function Guests() {
  const { guests, isPmo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <div className="page-header">
        <h1>{t("guests.title")}</h1>
        <Link to="/admin/guests/new" className="button primary">
          {t("guests.invite")}
        </Link>
      </div>
      <p>{isPmo ? t("guests.leadPmo") : t("guests.leadLead")}</p>
      {result?.ok ? (
        <p className="flash" role="status">
          {result.intent === "revoke" ? t("guests.revoked") : t("guests.removed")}
        </p>
      ) : result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("guests.notFound")}
        </p>
      ) : null}
      <p className="muted">{t("guests.count", { count: guests.length })}</p>
      {guests.length === 0 ? (
        <p>{t("guests.none")}</p>
      ) : (
        <HeadedTable
          className="table guests-table"
          headers={[
            { label: t("guests.name") },
            { label: t("guests.wgs") },
            { label: t("guests.accessUntil") },
            { label: t("guests.lastLogin") },
            { label: t("guests.invitation") },
            { label: t("guests.actions"), hidden: true },
          ]}
        >
          {guests.map((g) => (
            <tr key={g.id} className={g.accessEnded ? "inactive" : undefined}>
              <td>
                {isPmo ? <Link to={`/admin/users/${g.id}`}>{g.displayName}</Link> : g.displayName}
                <div className="muted small">{g.organizationName}</div>
                <div className="muted small">{g.email}</div>
              </td>
              <td className="guest-wgs">{g.wgs.length ? g.wgs.map((w) => w.name).join("、") : <span className="muted">{t("guests.noWgs")}</span>}</td>
              <td>
                {g.accessUntil ? formatDate(g.accessUntil, locale) : <span className="muted">{t("guests.noEnd")}</span>}
                {g.accessEnded ? <div className="badge muted">{t("guests.ended")}</div> : null}
              </td>
              <td>{g.lastLoginAt ? formatDateTime(g.lastLoginAt, locale) : t("guests.never")}</td>
              <td>
                <span className={STATE_CLASS[g.invitation]}>{t(`guests.state.${g.invitation}`)}</span>
                {g.invitationExpiresAt ? <div className="muted small">{t("guests.until", { date: formatDateTime(g.invitationExpiresAt, locale) })}</div> : null}
              </td>
              <td>
                <div className="guest-actions">
                  {g.mayRevoke ? (
                    <IntentButton intent="revoke" fields={{ userId: g.id }} disabled={navigation.state !== "idle"}>
                      {t("guests.revoke")}
                    </IntentButton>
                  ) : null}
                  {isPmo && g.wgs.length ? (
                    <IntentButton
                      intent="removeAll"
                      fields={{ userId: g.id }}
                      danger
                      disabled={navigation.state !== "idle"}
                      confirm={t("guests.removeConfirm", { name: g.displayName })}
                    >
                      {t("guests.removeAll")}
                    </IntentButton>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </HeadedTable>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
