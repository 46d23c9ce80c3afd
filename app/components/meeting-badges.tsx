// Small labels of meetings: kind (WG定例 / 連絡会 …) and state (予定 → 開催中 → 確認中 → 確定).
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { MeetingTime } from "./meeting-time";

export function MeetingKindBadge({ kind, rank }: { kind: string; rank?: string | null }) {
  const t = useT();
  return (
    <span className="badge meeting-kind">
      {t(`meetingKind.${kind}` as MessageKey)}
      {rank ? `（${rank}）` : ""}
    </span>
  );
}

const STATE_CLASS: Record<string, string> = { 予定: "planned", 開催中: "live", 確認中: "confirming", 確定: "final" };

export function MeetingStateBadge({ state }: { state: string }) {
  const t = useT();
  return <span className={`badge meeting-state ${STATE_CLASS[state] ?? ""}`}>{t(`meetingState.${state}` as MessageKey)}</span>;
}

type ListMeeting = { id: number; kind: string; rank: string | null; title: string; startsAt: number; endsAt: number | null; place: string; onlineUrl: string; state: string; vendorVisible: boolean; hostName: string | null };

/** One line per meeting: when, title, kind, state, place. */
export function MeetingList({ meetings, empty }: { meetings: ListMeeting[]; empty: string }) {
  const t = useT();
  if (!meetings.length) return <p className="muted">{empty}</p>;
  return (
    <ul className="link-list meeting-list">
      {meetings.map((m) => (
        <li key={m.id}>
          <span className="meeting-when">
            <MeetingTime startsAt={m.startsAt} endsAt={m.endsAt} />
          </span>
          <Link to={`/meetings/${m.id}`}>{m.title}</Link>
          <MeetingKindBadge kind={m.kind} rank={m.rank} />
          <MeetingStateBadge state={m.state} />
          {m.vendorVisible ? <span className="badge shared">{t("meetings.sharedBadge")}</span> : null}
          <span className="muted small">{[m.place, m.onlineUrl ? t("meetings.onlineAvailable") : "", m.hostName ? `${t("meetings.host")}: ${m.hostName}` : ""].filter(Boolean).join("・")}</span>
        </li>
      ))}
    </ul>
  );
}
