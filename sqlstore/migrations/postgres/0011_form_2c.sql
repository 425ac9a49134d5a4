-- The fields of the Mẫu 2C personal-history form that have no column of their own (recruitment,
-- permanent residence, allowances, youth-union and mass-organisation dates, military service,
-- titles, strengths, policy-family status, social insurance, height, weight, blood type,
-- personal political history, the spouse's family, the agency's assessment), kept as one JSON
-- object: no list filters on them, and the sensitive ones are redacted per key in Go
-- (canbo.Person.Redact) like the columns of their class.
ALTER TABLE people ADD COLUMN form_2c TEXT NOT NULL DEFAULT '{}';
