-- Rule parameter versions added by administrators (package rules: the embedded defaults plus
-- these, merged in id order). version_json is the version exactly as in defaults.json and is
-- what the computations read; rule, valid_from, valid_to and the document columns are copies
-- for listing. valid_to is '' when the administrator gave no end: the version then runs until
-- the next version of the rule starts. Rows are never changed or deleted: a correction is a new
-- version starting the same day, which replaces the earlier one.
CREATE TABLE rule_versions (
	id           INTEGER PRIMARY KEY,
	rule         TEXT NOT NULL,
	version_json TEXT NOT NULL,
	valid_from   TEXT NOT NULL,
	valid_to     TEXT NOT NULL DEFAULT '',
	doc_kind     TEXT NOT NULL DEFAULT '',
	doc_number   TEXT NOT NULL DEFAULT '',
	doc_date     TEXT NOT NULL DEFAULT '',
	doc_issuer   TEXT NOT NULL DEFAULT '',
	created_by   INTEGER NOT NULL DEFAULT 0,
	created_name TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE INDEX rule_versions_rule ON rule_versions (rule, valid_from);
