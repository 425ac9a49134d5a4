-- Registries of issue 16 (docs/RULES.md §innovation, §document-number).
-- Regulations: local documents of a unit. Whether one is in force on a day is computed from
-- effective_from, expires_on and the replace/amend links (regulation_links), never stored: a
-- stored status would go stale the day a replacement takes effect. search_text is the folded
-- number, title and implemented central documents, for accent-insensitive search.
CREATE TABLE regulations (
	id             INTEGER PRIMARY KEY,
	number         TEXT NOT NULL,
	kind           TEXT NOT NULL,
	title          TEXT NOT NULL,
	issuer_unit_id INTEGER NOT NULL REFERENCES units (id),
	signed_on      TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	expires_on     TEXT NOT NULL DEFAULT '9999-12-31',
	body           TEXT NOT NULL DEFAULT '',
	next_review    TEXT NOT NULL DEFAULT '',
	search_text    TEXT NOT NULL DEFAULT '',
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL
);
CREATE INDEX regulations_unit ON regulations (issuer_unit_id, effective_from);
-- kind is 'replaces' or 'amends': regulation_id replaces or amends target_id.
CREATE TABLE regulation_links (
	regulation_id INTEGER NOT NULL REFERENCES regulations (id),
	kind          TEXT NOT NULL,
	target_id     INTEGER NOT NULL REFERENCES regulations (id),
	PRIMARY KEY (regulation_id, kind, target_id)
);
CREATE INDEX regulation_links_target ON regulation_links (target_id, kind);
-- The central documents a regulation implements (cụ thể hóa), as cited.
CREATE TABLE regulation_sources (
	regulation_id INTEGER NOT NULL REFERENCES regulations (id),
	seq           INTEGER NOT NULL,
	number        TEXT NOT NULL,
	issuer        TEXT NOT NULL DEFAULT '',
	doc_date      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (regulation_id, seq)
);
-- Every saved text of a regulation, for its history and the diff between versions.
CREATE TABLE regulation_versions (
	regulation_id INTEGER NOT NULL REFERENCES regulations (id),
	version       INTEGER NOT NULL,
	body          TEXT NOT NULL,
	saved_at      TEXT NOT NULL,
	saved_by      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (regulation_id, version)
);
-- Innovation proposals (NĐ 73/2023): the proposal, and its dated steps (meeting with its vote,
-- head's approval, milestones, finish, report, evaluation, outcome) in proposal_steps, whose
-- details are the step's JSON. status is the latest step's result, kept for the registry list;
-- deadlines are computed from the steps' days on the working-day calendar.
CREATE TABLE proposals (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people (id),
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	title       TEXT NOT NULL,
	received_on TEXT NOT NULL,
	sections    TEXT NOT NULL DEFAULT '{}',
	status      TEXT NOT NULL,
	search_text TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX proposals_unit ON proposals (unit_id, received_on);
CREATE TABLE proposal_steps (
	id          INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id),
	step        TEXT NOT NULL,
	on_day      TEXT NOT NULL,
	details     TEXT NOT NULL DEFAULT '{}',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX proposal_steps_proposal ON proposal_steps (proposal_id, on_day);
-- Good models and creative practices shared with the Propaganda Commission: a unit's example,
-- reviewed (status reviewed or returned) before publication. sensitive marks a "phức tạp, nhạy
-- cảm" item: only leaders and administrators see it, only administrators publish it.
CREATE TABLE good_models (
	id           INTEGER PRIMARY KEY,
	unit_id      INTEGER NOT NULL REFERENCES units (id),
	title        TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	results      TEXT NOT NULL DEFAULT '',
	evidence     TEXT NOT NULL DEFAULT '',
	sensitive    INTEGER NOT NULL DEFAULT 0,
	status       TEXT NOT NULL,
	review_note  TEXT NOT NULL DEFAULT '',
	reviewed_on  TEXT NOT NULL DEFAULT '',
	published_on TEXT NOT NULL DEFAULT '',
	search_text  TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE INDEX good_models_unit ON good_models (unit_id, status);
