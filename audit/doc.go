// Package audit is canbo's tamper-evident audit trail, independent of any database: the event
// record, its canonical encoding, the HMAC chain that links events, the redaction of secrets
// from payloads, the key and head files kept outside the database, and the verifier.
//
// # Threat model
//
// The log lives in the database, so anyone who can write the database can edit, delete or
// reorder its rows. The trail cannot stop that; it makes it visible:
//
//   - Every event carries MAC = HMAC-SHA256(key, prev ‖ Canonical(event)), where prev is the MAC
//     of the event before it (32 zero bytes for the first). The key lives in a file outside the
//     database (audit.key), so someone with only database access cannot forge a MAC: an edited
//     row fails its own MAC, a deleted row leaves a gap in seq, a moved row no longer follows its
//     predecessor's MAC.
//   - Deleting the newest events leaves a shorter chain that is still internally valid. So the
//     newest (seq, MAC) is also written outside the database (audit.head); a log that ends
//     before the head, or whose event at the head's seq has another MAC, was truncated or
//     rewritten.
//
// Whoever can read audit.key can forge the chain, and whoever can also rewrite audit.head can
// hide a truncation. The default folder sits beside a SQLite file, which protects against
// edits through the database (SQL console, a restored dump, a compromised PostgreSQL role) but
// not against someone with the server's file system; keep the folder on another volume or
// owner (--audit-dir) when that matters, and back up audit.key: without it nothing verifies.
//
// # The head is best-effort and may lag, never lead
//
// The head file is written after the transaction that appended the event commits: writing it
// before would record an event that a rollback then removes, which looks exactly like a
// truncation. A crash (or a full disk) between the commit and the head write therefore leaves
// the head behind the log. Verify accepts that — it reports how far the head is behind, and
// checks the event at the head's seq still has the head's MAC — and reports truncation only
// when the log is shorter than the head says. The cost is that the events appended after the
// last successful head write are not protected against truncation until a later write covers
// them.
//
// A store refuses to append to a log that disagrees with its in-memory head (shorter than it,
// or another MAC at its seq): appending would either overwrite the evidence in the head file
// or extend a chain that was cut. After restoring a database backup the operator must run
// `canbo audit verify`, decide, and move audit.head aside to accept the restored log.
package audit
