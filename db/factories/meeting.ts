// Meetings with their agenda and attendees, and the sticky notes of their boards.
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow, sequence } from "./define";

type Meeting = Insert<typeof schema.meeting>;
type AgendaItem = Insert<typeof schema.agendaItem>;
type Attendee = Insert<typeof schema.meetingAttendee>;
type StickyNote = Insert<typeof schema.stickyNote>;

export function meetingRow(overrides: Partial<Meeting> & Pick<Meeting, "consortiumId" | "projectId" | "createdBy">): Meeting {
  const startsAt = overrides.startsAt ?? FACTORY_NOW;
  return { kind: "WG定例", title: `テスト会議${sequence()}`, startsAt, endsAt: startsAt + 60 * 60_000, createdAt: FACTORY_NOW, ...overrides };
}
export function agendaItemRow(overrides: Partial<AgendaItem> & Pick<AgendaItem, "meetingId" | "position">): AgendaItem {
  return { title: `議題${overrides.position}`, ...overrides };
}
export function attendeeRow(overrides: Partial<Attendee> & Pick<Attendee, "meetingId" | "userId">): Attendee {
  return { attendance: "出席", ...overrides };
}
/** A meeting with its agenda (titles, in order) and attendees (user ids). */
export function insertMeeting(
  tx: Handle,
  { agenda = [], attendees = [], ...overrides }: Partial<Meeting> & Pick<Meeting, "consortiumId" | "projectId" | "createdBy"> & { agenda?: string[]; attendees?: number[] },
) {
  const row = insertRow(tx, schema.meeting, meetingRow(overrides));
  const agendaItems = agenda.map((title, i) => insertRow(tx, schema.agendaItem, agendaItemRow({ meetingId: row.id, position: i + 1, title })));
  for (const userId of attendees) insertRow(tx, schema.meetingAttendee, attendeeRow({ meetingId: row.id, userId }));
  return { ...row, agendaItems };
}

export function stickyNoteRow(overrides: Partial<StickyNote> & Pick<StickyNote, "meetingId" | "authorId">): StickyNote {
  return { kind: "発言", text: "テスト用の付箋", color: "yellow", position: 1, createdAt: FACTORY_NOW, updatedAt: overrides.createdAt ?? FACTORY_NOW, ...overrides };
}
export const insertStickyNote = (tx: Handle, overrides: Partial<StickyNote> & Pick<StickyNote, "meetingId" | "authorId">) =>
  insertRow(tx, schema.stickyNote, stickyNoteRow(overrides));
