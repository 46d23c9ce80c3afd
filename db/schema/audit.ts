// The audit trail.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { id } from "./columns";

/** Append-only; deliberately without foreign keys so it outlives what it describes. */
export const auditEvent = sqliteTable(
  "audit_event",
  {
    id: id(),
    consortiumId: integer("consortium_id"),
    actorId: integer("actor_id"),
    /** The actor's organization at the time, so a town admin can read their town's trail. */
    actorOrgId: integer("actor_org_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: text("before"),
    after: text("after"),
    ip: text("ip"),
    at: integer("at").notNull(),
  },
  (t) => [
    index("audit_consortium_at_idx").on(t.consortiumId, t.at),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_entity_idx").on(t.entityType, t.entityId),
  ],
);
