import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, NewPasswordFields, SelectField } from "~/components/forms";
import { changeEmail, changePassword, logoutEverywhere, setLocale } from "~/models/account.server";
import { NOTIFICATION_KINDS, NOTIFICATION_MODES, notificationSettings, parseNotificationSettings, saveNotificationSettings } from "~/models/notification-settings.server";
import { blankSessionCookie, createSession, membershipsOf } from "~/utils/auth.server";
import { badRequest, parseForm, text } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { newPasswordFields, PASSWORD_MIN } from "~/utils/password-policy";
import { readForm } from "~/utils/request-body.server";
import { requireAuth } from "~/policy/guard.server";
import { useShell } from "./_app";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const modes = await notificationSettings(viewer.userId);
  return json({
    notificationRows: NOTIFICATION_KINDS.map((kind) => ({ kind, mode: modes[kind] })),
    modeChoices: [...NOTIFICATION_MODES],
    consortia: membershipsOf(viewer.accountId).map((m) => ({ id: m.consortiumId, name: m.consortiumName, organizationName: m.organizationName })),
  });
}

// Built in the action: `text` comes from a server module, which the browser bundle does not have.
const intentSchema = () => z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("locale"), locale: z.enum(["ja", "en"]) }),
  z
    .object({ intent: z.literal("password"), currentPassword: z.string().min(1, "login.required") })
    .merge(newPasswordFields),
  z.object({
    intent: z.literal("email"),
    emailPassword: z.string().min(1, "login.required"),
    email: text(254, { required: "admin.users.emailRequired", tooLong: "admin.users.emailInvalid" }).pipe(z.string().email("admin.users.emailInvalid")),
  }),
  z.object({ intent: z.literal("logout-everywhere") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "notifications") {
    const settings = parseNotificationSettings(form);
    if (!settings.data) return badRequest(settings.errors);
    const modes = settings.data;
    await saveNotificationSettings({ viewer, modes });
    return json({ ok: true as const, done: "notifications.settingsSaved" as const });
  }
  const { data, errors } = parseForm(intentSchema(), form);
  if (!data) return badRequest(errors);
  const actor = { viewer, ip: context.ip };
  switch (data.intent) {
    case "locale":
      await setLocale({ ...actor, locale: data.locale });
      return json({ ok: true as const, done: "account.languageSaved" as const });
    case "password": {
      if (data.password !== data.confirm) return badRequest({ confirm: "account.passwordMismatch" });
      const changed = await changePassword({ ...actor, currentPassword: data.currentPassword, newPassword: data.password });
      if (!changed) return badRequest({ currentPassword: "account.wrongPassword" });
      // A new password ends every other session; this device stays signed in on a new one.
      await logoutEverywhere(actor);
      const { cookie } = await createSession(viewer.userId, context.secure);
      return json({ ok: true as const, done: "account.passwordChanged" as const }, { headers: { "Set-Cookie": cookie } });
    }
    case "email": {
      const outcome = await changeEmail({ ...actor, currentPassword: data.emailPassword, email: data.email });
      if (outcome === "wrongPassword") return badRequest({ emailPassword: "account.wrongPassword" });
      if (outcome === "inUse") return badRequest({ email: "account.emailInUse" });
      return json({ ok: true as const, done: "account.emailChanged" as const });
    }
    case "logout-everywhere":
      await logoutEverywhere(actor);
      return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.secure) } });
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.account") }];

export default function Account() {
  const { user, viewer } = useShell();
  const { notificationRows, modeChoices, consortia } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  const err = (field: string) => (errors[field] ? t(errors[field] as "login.required", { min: PASSWORD_MIN }) : undefined);
  return (
    <div className="page narrow">
      <h1>{t("account.title")}</h1>
      {result?.ok ? (
        <p className="flash" role="status">
          {t(result.done)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="profile">
        <h2 id="profile">{t("account.profile")}</h2>
        <dl className="facts">
          <dt>{t("login.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("admin.users.organization")}</dt>
          <dd>{user.organizationName}</dd>
          <dt>{t("admin.users.rank")}</dt>
          <dd>{t(`rank.${user.rank}` as "rank.担当者")}</dd>
        </dl>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="locale" />
          <SelectField
            label={t("account.language")}
            name="locale"
            defaultValue={user.locale}
            options={[
              { value: "ja", label: t("account.language.ja") },
              { value: "en", label: t("account.language.en") },
            ]}
          />
          <button type="submit" className="button">
            {t("account.saveLanguage")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="consortia">
        <h2 id="consortia">{t("account.consortia")}</h2>
        <p>{t("account.consortiaLead")}</p>
        <ul className="link-list">
          {consortia.map((c) => (
            <li key={c.id}>
              {c.name}
              <span className="muted">
                （{c.organizationName}
                {c.id === viewer.consortiumId ? `・${t("consortia.switcher.current")}` : ""}）
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="email-change">
        <h2 id="email-change">{t("account.emailChange")}</h2>
        <p>{t("account.emailChangeLead")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="email" />
          <Field label={t("account.newEmail")} name="email" type="email" autoComplete="email" required error={err("email")} />
          <Field label={t("account.currentPassword")} name="emailPassword" type="password" autoComplete="current-password" required error={err("emailPassword")} />
          <button type="submit" className="button">
            {t("account.changeEmail")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="password">
        <h2 id="password">{t("account.password")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field label={t("account.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" required error={err("currentPassword")} />
          <NewPasswordFields errors={{ password: err("password"), confirm: err("confirm") }} minLength={PASSWORD_MIN} />
          <button type="submit" className="button primary">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
      <section className="card notification-settings" aria-labelledby="notifications-title" id="notifications">
        <h2 id="notifications-title">{t("notifications.settings")}</h2>
        <p>{t("notifications.settingsIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="notifications" />
          <table className="table notification-settings-table">
            <thead>
              <tr>
                <th scope="col">{t("notifications.settingsKind")}</th>
                <th scope="col">{t("notifications.settingsMode")}</th>
              </tr>
            </thead>
            <tbody>
              {notificationRows.map(({ kind, mode: current }) => (
                <tr key={kind}>
                  <th scope="row">
                    <label htmlFor={`mode-${kind}`}>{t(`notifications.setting.${kind}`)}</label>
                  </th>
                  <td>
                    <select id={`mode-${kind}`} name={kind} defaultValue={current}>
                      {modeChoices.map((mode) => (
                        <option key={mode} value={mode}>
                          {t(`notifications.mode.${mode}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="button primary">
            {t("notifications.settingsSave")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">{t("account.sessions")}</h2>
        <p>{t("account.sessionsLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button danger">
            {t("account.logoutEverywhere")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
