import { Form } from "@remix-run/react";
import { CheckboxField, DateField, Field, SelectField } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";

const RANKS = ["担当者", "所属長", "部門長", "経営層"] as const;
const ROLES = ["member", "pmo", "executive"] as const;

export type UserFormValues = {
  displayName: string;
  displayNameKana: string;
  email: string;
  department: string;
  organizationId: number | string;
  rank: string;
  role: string | null;
  orgAdmin: boolean | string;
  accessUntil: string | null;
};

/** The create/edit form for a user account; errors are catalog keys from the action. */
export function UserForm({
  values,
  errors,
  organizations,
  canAssignRoles,
  emailLocked = false,
  submitLabel,
}: {
  values?: Partial<UserFormValues>;
  errors: Partial<Record<string, string>>;
  organizations: { id: number; name: string }[];
  canAssignRoles: boolean;
  /** The e-mail is the person's own sign-in now: shown, sent unchanged, not edited here. */
  emailLocked?: boolean;
  submitLabel: string;
}) {
  const t = useT();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey) : undefined);
  return (
    <Form method="post" noValidate className="form-grid">
      <input type="hidden" name="intent" value="save" />
      <Field label={t("admin.users.name")} name="displayName" defaultValue={values?.displayName} required maxLength={100} error={err("displayName")} />
      <Field label={t("admin.users.kana")} name="displayNameKana" defaultValue={values?.displayNameKana} maxLength={100} error={err("displayNameKana")} />
      {emailLocked ? (
        <Field label={t("admin.users.email")} name="email" type="email" defaultValue={values?.email} readOnly hint={t("admin.users.emailOwnedHint")} error={err("email")} />
      ) : (
        <Field label={t("admin.users.email")} name="email" type="email" defaultValue={values?.email} required autoComplete="off" error={err("email")} />
      )}
      <SelectField
        label={t("admin.users.organization")}
        name="organizationId"
        defaultValue={values?.organizationId ?? organizations[0]?.id}
        options={organizations.map((o) => ({ value: o.id, label: o.name }))}
        error={err("organizationId")}
      />
      <Field label={t("admin.users.department")} name="department" defaultValue={values?.department} maxLength={100} error={err("department")} />
      <SelectField
        label={t("admin.users.rank")}
        name="rank"
        defaultValue={values?.rank ?? "担当者"}
        options={RANKS.map((r) => ({ value: r, label: t(`rank.${r}`) }))}
        error={err("rank")}
      />
      {canAssignRoles ? (
        <SelectField
          label={t("admin.users.role")}
          name="role"
          defaultValue={values?.role ?? "member"}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={err("role")}
        />
      ) : null}
      <DateField
        label={t("admin.users.accessUntil")}
        name="accessUntil"
        defaultValue={values?.accessUntil ?? ""}
        hint={t("admin.users.accessUntilHint")}
        error={err("accessUntil")}
      />
      <CheckboxField label={t("admin.users.orgAdmin")} name="orgAdmin" defaultChecked={Boolean(values?.orgAdmin)} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/** A one-time link shown once to the admin, to pass on to the user. */
export function OneTimeLink({ message, url }: { message: string; url: string }) {
  return (
    <div className="flash" role="status">
      <p>{message}</p>
      <p>
        <input className="one-time-link" readOnly value={url} aria-label={message} onFocus={(e) => e.currentTarget.select()} />
      </p>
    </div>
  );
}
