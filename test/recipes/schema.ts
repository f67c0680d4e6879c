/** The table every recipe writes: an integer version per row, its ETag `"v<version>"`. */
export const DOCS_SCHEMA = `
DROP TABLE IF EXISTS docs;
CREATE TABLE docs (id integer PRIMARY KEY, title text NOT NULL, version integer NOT NULL)`;

/** One written row, as every recipe returns it. */
export interface DocRow {
  id: number;
  title: string;
  version: number;
}
