// The installation's operator (運用者, ADR 029; issue 16): creates consortia and appoints their
// first PMO, suspends, archives and exports them. The operator sees each consortium from the
// outside only: its name, legal form, status, creation date and how many take part — never an
// issue, a meeting or a count of them. Reading a consortium's content takes a membership in it,
// like anyone else's. Every action is written to the consortium's own audit trail (actor: none,
// `after.operator`: who), so its PMO sees what the operator did to it.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { invalidField, notFound, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { streamConsortiumExport, OPERATOR_EXPORT } from "./consortium-export.server";
import { insertConsortiumWithPmo, setupSchema, type SetupInput } from "./installation.server";
import { inviteMember } from "./membership.server";

/** Who acts: the signed-in account (its operator flag is checked again in the database). */
export type OperatorAccount = { id: number; email: string };

export type ConsortiumStatus = (typeof schema.CONSORTIUM_STATUSES)[number];

/** The create form (/operator/new): the consortium, its secretariat and the first PMO, as the first setup takes them. */
export const newConsortiumSchema = setupSchema;
export type NewConsortiumInput = SetupInput;

/** Is this account the installation's operator now (a flag taken away meanwhile counts)? */
function isOperator(ex: Executor, account: OperatorAccount) {
  return ex.select({ operator: schema.account.operator }).from(schema.account).where(eq(schema.account.id, account.id)).get()?.operator === true;
}

/** The operator's actions go to the consortium's audit trail, by no member of it. */
const operatorActor = (consortiumId: number, ip: string): Actor => ({ viewer: null, ip, consortiumId, userId: null });

/**
 * Every consortium of the installation, oldest first: what the operator needs to run it, and
 * nothing of its content. `members` counts active memberships; `mine`: the operator takes
 * part in it (and so may open it like any member).
 */
export async function listConsortia({ account }: { account: OperatorAccount }) {
  if (!isOperator(db, account)) return notFound();
  const members = db
    .select({ consortiumId: schema.user.consortiumId, n: sql<number>`count(*)`.as("n") })
    .from(schema.user)
    .where(eq(schema.user.active, true))
    .groupBy(schema.user.consortiumId)
    .as("members");
  const rows = db
    .select({
      id: schema.consortium.id,
      name: schema.consortium.name,
      legalForm: schema.consortium.legalForm,
      status: schema.consortium.status,
      createdAt: schema.consortium.createdAt,
      members: sql<number>`coalesce(${members.n}, 0)`.mapWith(Number),
    })
    .from(schema.consortium)
    .leftJoin(members, eq(members.consortiumId, schema.consortium.id))
    .orderBy(asc(schema.consortium.id))
    .all();
  const mine = new Set(
    db
      .select({ consortiumId: schema.user.consortiumId })
      .from(schema.user)
      .where(and(eq(schema.user.accountId, account.id), eq(schema.user.active, true)))
      .all()
      .map((r) => r.consortiumId),
  );
  return ok({ consortia: rows.map((r) => ({ ...r, mine: mine.has(r.id) })) });
}

/**
 * A new consortium with its secretariat organization and its first PMO (their organization's
 * administrator too), in one unit of work. The PMO is whoever signs in with the e-mail: a new
 * account, or the one they already have (it gains this membership; its password stays as it
 * is). Either way the answer is the same: an invitation link (e-mailed, and returned for the
 * operator to hand over) that sets a first password or leads to the sign-in, so the operator
 * never learns whether the person already used Renkei.
 */
export async function createConsortium({ account, ip, input }: { account: OperatorAccount; ip: string; input: NewConsortiumInput }): Promise<
  Result<{ consortiumId: number; inviteToken: string }>
> {
  return write(async (tx) => {
    if (!isOperator(tx, account)) return notFound();
    const taken = tx.select({ id: schema.consortium.id }).from(schema.consortium).where(eq(schema.consortium.name, input.consortiumName)).get();
    if (taken) return invalidField("consortiumName", "operator.new.nameTaken");
    const { consortiumId, userId } = insertConsortiumWithPmo(tx, input);
    const inviteToken = await inviteMember(tx, { userId, inviterId: null, to: input.email, name: input.displayName });
    const { email: _email, ...recorded } = input;
    await audit(tx, operatorActor(consortiumId, ip), {
      action: "operator.consortium.create",
      entityType: "consortium",
      entityId: consortiumId,
      after: { ...recorded, pmoUserId: userId, operator: account.email },
    });
    return ok({ consortiumId, inviteToken });
  });
}

/**
 * 運用中, 利用停止 or 保管 (read-only). Suspending also takes the sessions working in the
 * consortium out of it: on their next request each lands in another consortium of the person's,
 * or, with none left, is told so (/no-consortium). The data stays as it is.
 */
export async function setConsortiumStatus({ account, ip, consortiumId, status }: { account: OperatorAccount; ip: string; consortiumId: number; status: ConsortiumStatus }): Promise<
  Result<{ name: string; changed: boolean }>
> {
  return write(async (tx) => {
    if (!isOperator(tx, account)) return notFound();
    const before = tx.select({ name: schema.consortium.name, status: schema.consortium.status }).from(schema.consortium).where(eq(schema.consortium.id, consortiumId)).get();
    if (!before) return notFound();
    if (before.status === status) return ok({ name: before.name, changed: false });
    tx.update(schema.consortium).set({ status }).where(eq(schema.consortium.id, consortiumId)).run();
    if (status === "suspended") {
      const inConsortium = tx.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.consortiumId, consortiumId));
      tx.update(schema.session).set({ userId: null }).where(inArray(schema.session.userId, inConsortium)).run();
    }
    await audit(tx, operatorActor(consortiumId, ip), {
      action: "operator.consortium.status",
      entityType: "consortium",
      entityId: consortiumId,
      before: { status: before.status },
      after: { status, operator: account.email },
    });
    return ok({ name: before.name, changed: true });
  });
}

/**
 * The consortium's whole export (the same ZIP its PMO downloads, ADR 026), for a handover: the
 * one way the operator takes data out of a consortium, audited there with who took it. Any
 * status: a suspended or archived consortium is exactly what gets handed over.
 */
export async function exportForOperator({ account, ip, consortiumId }: { account: OperatorAccount; ip: string; consortiumId: number }) {
  if (!isOperator(db, account)) return notFound();
  const exported = await streamConsortiumExport({ consortiumId, actor: operatorActor(consortiumId, ip), audited: { action: OPERATOR_EXPORT, after: { operator: account.email } } });
  return exported ? ok(exported) : notFound();
}

