// The demo users' inboxes, derived from the rows the other builders inserted.
import { sql } from "drizzle-orm";
import type { Handle } from "../factories/define";
import { DAY } from "./clock";

/**
 * What the demo users' inboxes would hold after the seeded history: stances requested from
 * towns that have not answered, minutes awaiting a town's confirmation, the latest report for
 * leadership, open issues assigned to someone. Anything older than a week is read.
 */
export function seedInboxes(tx: Handle, now: number) {
  const week = now - 7 * DAY;
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT u.id, d.consortium_id, 'stance', 'decision', d.id, d.number || ' ' || d.title, '/decisions/' || d.id,
           'notifications.reason.stance', d.created_by, d.updated_at, NULL, d.project_id
    FROM decision d
    JOIN decision_organization o ON o.decision_id = d.id
    LEFT JOIN decision_stance s ON s.decision_id = d.id AND s.organization_id = o.organization_id
    JOIN user u ON u.organization_id = o.organization_id AND u.org_admin = 1 AND u.active = 1
    WHERE d.status = '協議中' AND s.stance IS NULL`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT DISTINCT u.id, m.consortium_id, 'minutes', 'meeting', m.id, m.title, '/meetings/' || m.id,
           'notifications.reason.minutes', m.chair_id, coalesce(m.ends_at, m.starts_at), NULL, m.project_id
    FROM meeting m
    JOIN meeting_attendee a ON a.meeting_id = m.id
    JOIN user att ON att.id = a.user_id
    JOIN organization org ON org.id = att.organization_id AND org.kind = 'municipality'
    JOIN user u ON u.organization_id = org.id AND u.org_admin = 1 AND u.active = 1
    WHERE m.state = '確認中'
      AND NOT EXISTS (SELECT 1 FROM minutes_confirmation c WHERE c.meeting_id = m.id AND c.organization_id = org.id)`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT cr.user_id, r.consortium_id, 'report', 'report', r.id, r.title, '/reports/' || r.id,
           'notifications.reason.report', r.published_by, r.published_at, CASE WHEN r.published_at < ${week} THEN r.published_at + ${DAY} END, r.project_id
    FROM progress_report r
    JOIN consortium_role cr ON cr.consortium_id = r.consortium_id AND cr.role = 'executive'
    WHERE r.status = '公開'`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT i.assignee_id, i.consortium_id, 'assigned', 'issue', i.id, '#' || i.number || ' ' || i.title, '/issues/' || i.number,
           'notifications.reason.assignee', i.created_by, i.created_at, CASE WHEN i.created_at < ${week} THEN i.created_at + ${DAY} END, w.project_id
    FROM issue i JOIN working_group w ON w.id = i.wg_id
    WHERE i.assignee_id IS NOT NULL AND i.assignee_id <> i.created_by AND i.status NOT IN ('解決', '完了', '却下')`);
}
