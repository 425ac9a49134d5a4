-- Corrections of records (issue 10, item 12). A pair of records the cleaning page reported as
-- likely duplicates and an officer found to be two people ("không trùng"): stored so that the
-- pair stops being reported; person_a < person_b. Deleting or merging a record removes its pairs.
CREATE TABLE duplicate_dismissals (
	person_a     BIGINT NOT NULL REFERENCES people (id),
	person_b     BIGINT NOT NULL REFERENCES people (id),
	dismissed_by BIGINT NOT NULL REFERENCES users (id),
	dismissed_at TEXT NOT NULL,
	CHECK (person_a < person_b),
	PRIMARY KEY (person_a, person_b)
);
CREATE INDEX duplicate_dismissals_b ON duplicate_dismissals (person_b);

-- The deciding documents of a party admission (quyết định kết nạp) and of a transfer (giấy
-- giới thiệu sinh hoạt đảng): number, ISO day, issuer, as posts and entries carry them.
ALTER TABLE party_members ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
ALTER TABLE party_members ADD COLUMN doc_date TEXT NOT NULL DEFAULT '';
ALTER TABLE party_members ADD COLUMN doc_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE party_cells ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
ALTER TABLE party_cells ADD COLUMN doc_date TEXT NOT NULL DEFAULT '';
ALTER TABLE party_cells ADD COLUMN doc_issuer TEXT NOT NULL DEFAULT '';
