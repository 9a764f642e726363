/**
 * The search index keeps no copy of the text it indexes (issue #15): nothing reads the indexed
 * columns back — a search takes the matching rowids and their rank, and a dossier's entry is
 * rebuilt from its row — so the FTS5 content table was a second copy written on every create.
 * contentless_delete lets a dossier's entry still be removed by rowid when its text changes.
 * A local, derived table: the index is rebuilt from the dossiers at the next open.
 */
export const sql = `
DROP TABLE dossier_search;
CREATE VIRTUAL TABLE dossier_search USING fts5(names, other, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
DELETE FROM dossier_search_keys;
INSERT INTO meta(key, value) VALUES ('search_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
`;
