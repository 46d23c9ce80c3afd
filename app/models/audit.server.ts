// Reading the audit trail, scoped by who is asking (see auditScope in permissions.ts).
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { auditScope, type Viewer } from "~/policy/permissions";

export const AUDIT_PAGE_SIZE = 100;

export async function listAuditEvents({ viewer, before }: { viewer: Viewer; before?: number }) {
  const scope = auditScope(viewer);
  const inConsortium = eq(schema.auditEvent.consortiumId, viewer.consortiumId);
  const filter =
    scope === "all"
      ? inConsortium
      : scope === "organization"
        ? and(inConsortium, eq(schema.auditEvent.actorOrgId, viewer.organizationId))
        : scope === "own"
          ? eq(schema.auditEvent.actorId, viewer.userId)
          : sql`0`;
  const rows = db
    .select({
      id: schema.auditEvent.id,
      at: schema.auditEvent.at,
      action: schema.auditEvent.action,
      entityType: schema.auditEvent.entityType,
      entityId: schema.auditEvent.entityId,
      ip: schema.auditEvent.ip,
      actorName: schema.user.displayName,
    })
    .from(schema.auditEvent)
    .leftJoin(schema.user, eq(schema.user.id, schema.auditEvent.actorId))
    .where(before ? and(filter, lt(schema.auditEvent.id, before)) : filter)
    .orderBy(desc(schema.auditEvent.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  return { scope, events: rows.slice(0, AUDIT_PAGE_SIZE), older: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null };
}
