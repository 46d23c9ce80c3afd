// Row builders shared by the model tests and the demo seed. Each table has a pure `…Row`
// (the insert values: sensible defaults, then the overrides) and an `insert…(tx, overrides)`
// that writes with the synchronous drizzle handle it is given and returns the stored row.
export * from "./define";
export * from "./consortium";
export * from "./project";
export * from "./issue";
export * from "./meeting";
export * from "./decision";
export * from "./report";
