// Every mutation writes one audit row inside its own transaction (append-only table).
import type { Executor } from "./db.server";
import { schema } from "./db.server";
import type { Viewer } from "~/policy/permissions";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
};

/** Who acts; without a viewer (sign-in, the first setup) the user and consortium may be given as such. */
export type Actor = { viewer: Viewer | null; ip?: string | null; userId?: number | null; consortiumId?: number | null; organizationId?: number | null };

export async function audit(tx: Executor, actor: Actor, input: AuditInput) {
  tx.insert(schema.auditEvent)
    .values({
      consortiumId: actor.viewer?.consortiumId ?? actor.consortiumId ?? null,
      actorId: actor.viewer?.userId ?? actor.userId ?? null,
      actorOrgId: actor.viewer?.organizationId ?? actor.organizationId ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId == null ? null : String(input.entityId),
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
      ip: actor.ip ?? null,
      at: Date.now(),
    })
    .run();
}
