// The people import's vocabulary, shared by the file reader, the model and the page: the
// columns a file may have (in the order the page lists them) and how long a file may be.
export const PEOPLE_COLUMNS = ["name", "kana", "email", "organization", "department", "rank", "wgs", "roles"] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

/** One row of the file: its line (1-based, as Excel numbers it) and its cells as text. */
export type PersonCells = { line: number } & Record<PeopleColumn, string>;

/** Lines a file may have, title and header included: more is refused before anything is read. */
export const MAX_PEOPLE_LINES = 2000;
