export * from "./consortium";
export * from "./project";
export * from "./issue";
export * from "./meeting";
export * from "./decision";
export * from "./report";
export * from "./audit";
export * from "./notification";
