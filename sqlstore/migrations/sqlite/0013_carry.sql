-- Restructuring carries people (issue 12). A post or party-cell period opened by an event that
-- ended its unit names that event (event_id), so the timeline can say "chuyển theo sáp nhập …"
-- and cite the event's document; a post ended by a dissolution keeps the officer's reason.
ALTER TABLE posts ADD COLUMN event_id INTEGER REFERENCES events (id);
ALTER TABLE posts ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE party_cells ADD COLUMN event_id INTEGER REFERENCES events (id);

-- Kinds of party cells by where members work or live (docs/RULES.md §party organisation):
-- data, so a new kind needs no release. neighbourhood marks the kinds that should be linked to a
-- territory unit (khu phố, ấp, tòa nhà chung cư).
CREATE TABLE cell_kinds (
	code          TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	name_en       TEXT NOT NULL,
	neighbourhood BOOLEAN NOT NULL DEFAULT FALSE,
	-- prefix: the folded start of a cell's name that implies the kind when none is recorded
	-- ("chi bo khu pho" → khu_pho), so imported cells are classified without a manual pass.
	prefix        TEXT NOT NULL DEFAULT '',
	sort          INTEGER NOT NULL DEFAULT 0
);
INSERT INTO cell_kinds (code, name, name_en, neighbourhood, prefix, sort) VALUES
	('khu_pho', 'Khu phố', 'Urban neighbourhood', TRUE, 'chi bo khu pho', 10),
	('ap', 'Ấp', 'Hamlet', TRUE, 'chi bo ap', 20),
	('chung_cu', 'Tòa nhà chung cư', 'Apartment building', TRUE, 'chi bo toa nha', 30),
	('co_quan', 'Cơ quan', 'Government office', FALSE, 'chi bo co quan', 40),
	('doanh_nghiep', 'Doanh nghiệp', 'Enterprise', FALSE, 'chi bo cong ty', 50),
	('truong_hoc', 'Trường học', 'School', FALSE, 'chi bo truong', 60),
	('don_vi_su_nghiep', 'Đơn vị sự nghiệp', 'Public service unit', FALSE, 'chi bo benh vien', 70);

-- The cell kind of a party unit (one per unit; it does not change with the unit's versions).
CREATE TABLE unit_cell_kinds (
	unit_id   INTEGER PRIMARY KEY REFERENCES units (id),
	cell_kind TEXT NOT NULL REFERENCES cell_kinds (code)
);

-- Consolidation plans (đề án kiện toàn): a draft list of events applied together or discarded.
CREATE TABLE plans (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	hierarchy  TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'applied', 'discarded')),
	events     TEXT NOT NULL DEFAULT '[]',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	applied_at TEXT NOT NULL DEFAULT ''
);

CREATE INDEX posts_event ON posts (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX party_cells_event ON party_cells (event_id) WHERE event_id IS NOT NULL;
