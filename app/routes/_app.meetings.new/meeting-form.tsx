// The planning form of a meeting (会議の計画): kind, time in Japan, place and URL, host town,
// invitees by town (vendor guests only when 事業者参加), agenda issues and free agenda items.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import type { MessageKey } from "~/i18n";
import { isVendorPerson } from "~/policy/permissions";
import { useT } from "~/utils/i18n";
import { CheckboxField, DateField, Field, FieldMessages, SelectField, TextareaField } from "~/components/forms";
import { MeetingKindBadge } from "~/components/meeting-badges";

export type MeetingFormValues = Record<string, string | boolean | undefined>;
type Person = { id: number; name: string; organizationKind: string };
export type MeetingFormChoices = {
  peopleByTown: { organizationId: number; organizationName: string; rows: Person[] }[];
  towns: { id: number; name: string }[];
  issues: { id: number; number: number; title: string; status: string; carryOverCount: number }[];
  previous: { id: number; title: string }[];
};

const KINDS = ["WG定例", "連絡会", "検証", "ふりかえり"] as const;
const RANKS = ["担当者", "所属長", "部門長", "経営層"] as const;

export function MeetingForm({
  values,
  checkedAttendees,
  checkedIssues,
  errors,
  choices,
  allowVendors,
}: {
  values: MeetingFormValues;
  checkedAttendees: number[];
  checkedIssues: number[];
  errors: Record<string, string | undefined>;
  choices: MeetingFormChoices;
  /** Project-level meetings have no vendor guests to invite. */
  allowVendors: boolean;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [kind, setKind] = useState(String(values.kind ?? "WG定例"));
  const [vendorVisible, setVendorVisible] = useState(!!values.vendorVisible);
  const err = (field: string) => (errors[field] ? t(errors[field] as MessageKey) : undefined);
  const str = (field: string) => (typeof values[field] === "string" ? (values[field] as string) : "");
  const attendees = new Set(checkedAttendees);
  const issues = new Set(checkedIssues);
  return (
    <Form method="post" className="card meeting-form" noValidate>
      <fieldset className={errors.kind ? "field has-error" : "field"} aria-describedby={errors.kind ? "kind-error" : undefined}>
        <legend>{t("meetings.kind")}</legend>
        <div className="meeting-kinds">
          {KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> <MeetingKindBadge kind={k} />
            </label>
          ))}
        </div>
        <FieldMessages id="kind" error={err("kind")} />
      </fieldset>
      {kind === "連絡会" ? (
        <SelectField
          label={t("meetings.rank")}
          name="rank"
          defaultValue={str("rank")}
          error={err("rank")}
          hint={t("meetings.rankHint")}
          options={[{ value: "", label: t("meetings.rankNone") }, ...RANKS.map((r) => ({ value: r, label: r }))]}
        />
      ) : null}
      <Field label={t("meetings.subject")} name="title" defaultValue={str("title")} error={err("title")} required maxLength={200} autoComplete="off" />
      <div className="form-grid three">
        <DateField label={t("meetings.date")} name="date" defaultValue={str("date")} error={err("date")} required />
        <Field label={t("meetings.start")} name="startTime" type="time" defaultValue={str("startTime")} error={err("startTime")} hint={t("meetings.timeHint")} required />
        <Field label={t("meetings.end")} name="endTime" type="time" defaultValue={str("endTime")} error={err("endTime")} required />
      </div>
      <div className="form-grid">
        <Field label={t("meetings.place")} name="place" defaultValue={str("place")} error={err("place")} hint={t("meetings.placeHint")} maxLength={200} />
        <Field
          label={t("meetings.onlineUrl")}
          name="onlineUrl"
          type="url"
          inputMode="url"
          defaultValue={str("onlineUrl")}
          error={err("onlineUrl")}
          hint={t("meetings.onlineUrlHint")}
          placeholder="https://"
        />
        <SelectField
          label={t("meetings.host")}
          name="hostOrgId"
          defaultValue={str("hostOrgId")}
          error={err("hostOrgId")}
          options={[{ value: "", label: t("meetings.hostNone") }, ...choices.towns.map((o) => ({ value: o.id, label: o.name }))]}
        />
        {choices.previous.length ? (
          <SelectField
            label={t("meetings.previous")}
            name="previousMeetingId"
            defaultValue={str("previousMeetingId")}
            error={err("previousMeetingId")}
            options={[{ value: "", label: t("meetings.previousNone") }, ...choices.previous.map((m) => ({ value: m.id, label: m.title }))]}
          />
        ) : null}
      </div>
      {allowVendors ? (
        <CheckboxField
          label={t("meetings.vendorVisible")}
          name="vendorVisible"
          checked={vendorVisible}
          onChange={(e) => setVendorVisible(e.currentTarget.checked)}
          hint={t("meetings.vendorVisibleHint")}
        />
      ) : null}

      <fieldset className={errors.attendeeIds ? "field has-error" : "field"}>
        <legend>{t("meetings.invitees")}</legend>
        <p className="field-hint">{t("meetings.inviteesHint")}</p>
        <div className="invitee-towns">
          {choices.peopleByTown.map((town) => {
            const vendorTown = town.rows.every(isVendorPerson);
            // Vendor guests are listed only when 事業者参加 is checked (the server enforces it too).
            if (vendorTown && !vendorVisible) return null;
            return (
              <div key={town.organizationId} className="invitee-town">
                <p className="invitee-town-name">
                  {town.organizationName}
                  {vendorTown ? <span className="muted small">（{t("meetings.vendorGuests")}）</span> : null}
                </p>
                {town.rows.map((p) => (
                  <label key={p.id} className="choice">
                    <input type="checkbox" name="attendeeIds" value={p.id} defaultChecked={attendees.has(p.id)} /> {p.name}
                  </label>
                ))}
              </div>
            );
          })}
        </div>
        <FieldMessages id="attendeeIds" error={err("attendeeIds")} />
      </fieldset>

      <fieldset className={errors.agendaIssueIds ? "field has-error" : "field"}>
        <legend>{t("meetings.agendaIssues")}</legend>
        <p className="field-hint">{t("meetings.agendaIssuesHint")}</p>
        {choices.issues.length ? (
          <div className="agenda-choices">
            {choices.issues.map((i) => (
              <label key={i.id} className="choice">
                <input type="checkbox" name="agendaIssueIds" value={i.id} defaultChecked={issues.has(i.id)} />{" "}
                <span className="muted">#{i.number}</span> {i.title}
                {i.carryOverCount > 0 ? <span className="badge carry">{t("issues.carryCount", { count: i.carryOverCount })}</span> : null}
              </label>
            ))}
          </div>
        ) : (
          <p className="muted">{t("meetings.noOpenIssues")}</p>
        )}
        <FieldMessages id="agendaIssueIds" error={err("agendaIssueIds")} />
      </fieldset>
      <TextareaField label={t("meetings.agendaTitles")} name="agendaTitles" defaultValue={str("agendaTitles")} error={err("agendaTitles")} rows={3} placeholder={t("meetings.agendaTitlesHint")} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("meetings.create")}
        </button>
      </div>
    </Form>
  );
}
