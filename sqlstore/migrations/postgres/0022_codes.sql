-- Standard lists (issue 10 item 15): ethnicity, religion, the education levels and the
-- evaluation ratings are stored as the codes of package vocab's lists. The typed names become
-- codes in Go, right after this file in the same transaction (codesStep, sqlstore/codes.go);
-- this index lets that step and the cleaning page's findings read the evaluation entries
-- without scanning every timeline entry.
CREATE INDEX person_entries_kind ON person_entries (kind);
