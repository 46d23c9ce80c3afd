// What the steps of the import page receive from the loader.
import type { getImport, importMapping, importPreview } from "~/models/issue-import.server";

type Done<F extends (...args: never[]) => Promise<unknown>> = Extract<Awaited<ReturnType<F>>, { ok: true }>;

export type ImportJob = Done<typeof getImport>["job"];
export type ImportMapping = Done<typeof importMapping>;
export type ImportPreview = Done<typeof importPreview>;
/** The field messages of the last refused post (catalog keys). */
export type StepErrors = Partial<Record<string, string>>;
