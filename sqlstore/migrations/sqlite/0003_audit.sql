-- The tamper-evident audit log (package audit). seq is assigned by the writer as the previous
-- event's seq + 1 inside the appending transaction, never by the engine, so a gap always means
-- a deletion. Times are ISO text in UTC with six fractional digits: fixed width, so text order
-- is time order. user_id is 0 for anonymous or system work and has no foreign key: the log
-- outlives the accounts it names. Payloads are redacted compact JSON, NULL for none.
CREATE TABLE audit_events (
	seq         INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	user_id     INTEGER NOT NULL DEFAULT 0,
	username    TEXT NOT NULL DEFAULT '',
	client      TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL DEFAULT '',
	entity_id   TEXT NOT NULL DEFAULT '',
	before_json TEXT,
	after_json  TEXT,
	reason      TEXT NOT NULL DEFAULT '',
	prev        BLOB NOT NULL,
	mac         BLOB NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
