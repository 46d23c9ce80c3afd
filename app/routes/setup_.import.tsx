// /setup/import?token=…: the first setup of a new installation from a consortium's export
// (ADR 026), the alternative to registering a new consortium on /setup. The same one-time token
// is the credential; once a consortium exists the page is not found, token or not.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { LoginBrand } from "~/components/login-brand";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, Field, NewPasswordFields } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { discardUpload, importFormSchema, importInstallation, importUploadDirectory, MAX_IMPORT_UPLOAD_BYTES } from "~/models/consortium-import.server";
import { isSetupToken } from "~/models/installation.server";
import { notFound } from "~/policy/guard.server";
import { createSession } from "~/utils/auth.server";
import { answer, badRequest, parseForm, submittedValues } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { PASSWORD_MIN, withMatchingConfirm } from "~/utils/password-policy";
import { readLargeUploadForm } from "~/utils/request-body.server";
import { formatBytes } from "~/utils/text";

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token") ?? "";

export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request);
  if (!isSetupToken(token)) notFound();
  return json(
    { maxSize: formatBytes(MAX_IMPORT_UPLOAD_BYTES), newSetup: `/setup?token=${encodeURIComponent(token)}` },
    { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = tokenOf(request);
  if (!isSetupToken(token)) notFound();
  const read = await readLargeUploadForm(request, { field: "archive", maxBytes: MAX_IMPORT_UPLOAD_BYTES, directory: importUploadDirectory() });
  if (read.tooLarge) return badRequest({ archive: "migrate.uploadTooLarge" }, { values: {} }, 413);
  try {
    const { data, errors } = parseForm(withMatchingConfirm(importFormSchema), read.form);
    const fileMissing = read.file ? {} : { archive: "migrate.fileRequired" as const };
    if (!data || !read.file) return badRequest({ ...fileMissing, ...errors }, { values: submittedValues(read.form) });
    const result = await importInstallation({ token, file: read.file, email: data.email, password: data.password, inviteOthers: data.inviteOthers, ip: context.ip });
    if (!result.ok) return answer(result, { values: submittedValues(read.form), where: "where" in result ? (result.where ?? "") : "" });
    const { cookie } = await createSession(result.userId, context.secure);
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  } finally {
    discardUpload(read.file);
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.setupImport") }];

export default function SetupImportPage() {
  const t = useT();
  const { maxSize, newSetup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | boolean> = (result && "values" in result ? result.values : undefined) ?? {};
  const where = result && "where" in result ? String(result.where) : "";
  const error = (field: string) => (errors[field] ? t(errors[field] as MessageKey, { min: PASSWORD_MIN, where }) : undefined);
  const submitting = navigation.state === "submitting";
  return (
    <main className="login-page">
      <div className="login-card setup-card card">
        <LoginBrand />
        <h1>{t("migrate.title")}</h1>
        <p>{t("migrate.lead")}</p>
        {errors.form ? (
          <p className="form-error" role="alert">
            {t(errors.form as MessageKey)}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" noValidate className="setup-form">
          <fieldset>
            <legend>{t("migrate.data")}</legend>
            <Field label={t("migrate.file")} name="archive" type="file" accept=".zip,application/zip" required hint={t("migrate.fileHint", { size: maxSize })} error={error("archive")} />
          </fieldset>
          <fieldset>
            <legend>{t("migrate.person")}</legend>
            <p className="muted">{t("migrate.personLead")}</p>
            <Field label={t("migrate.email")} name="email" type="email" required autoComplete="username" defaultValue={String(values.email ?? "")} error={error("email")} />
            <NewPasswordFields minLength={PASSWORD_MIN} errors={{ password: error("password"), confirm: error("confirm") }} />
            <CheckboxField label={t("migrate.inviteOthers")} name="inviteOthers" defaultChecked={values.inviteOthers === "on"} hint={t("migrate.inviteOthersHint")} />
          </fieldset>
          <button type="submit" className="button primary wide" disabled={submitting}>
            {t(submitting ? "migrate.submitting" : "migrate.submit")}
          </button>
        </Form>
        <p>
          <Link to={newSetup}>{t("migrate.backToNew")}</Link>
        </p>
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
