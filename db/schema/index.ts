// Every table and vocabulary, for `schema.x` users and drizzle-kit. The modules import each
// other in this order and never backwards (schema.test.ts keeps it so).
export * from "./consortium";
export * from "./project";
export * from "./issue";
export * from "./decision";
export * from "./meeting";
export * from "./issue-postponement";
export * from "./report";
export * from "./comment";
export * from "./attachment";
export * from "./audit";
export * from "./notification";
export * from "./live-event";
export * from "./installation";
export * from "./deleted-issue";
export * from "./import";
