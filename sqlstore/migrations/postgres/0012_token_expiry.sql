-- API tokens may expire; NULL never does (tokens made before expiry existed).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
