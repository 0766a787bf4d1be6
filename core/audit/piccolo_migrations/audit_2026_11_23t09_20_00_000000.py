"""audit_event becomes append-only in the database itself.

Refused: every UPDATE, except the sealer's one setting of prev_hash and hash on a row whose hash
is still null (no other column may change); every DELETE, except of rows older than the
retention period kept in the one-row table audit_retention; on PostgreSQL also TRUNCATE.
A later migration that adds a column to audit_event, or rebuilds the table, must re-create
these triggers (the SQLite update trigger names every column).
"""

from core.migration_helpers import sql_migration

ID = "2026-11-23T09:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only audit_event: triggers and the retention period"

RETENTION = [
    "CREATE TABLE audit_retention ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " days INTEGER NOT NULL CHECK (days >= 365))",
    "INSERT INTO audit_retention (id, days) VALUES (1, 3650)",
]

SQLITE = [
    *RETENTION,
    """CREATE TRIGGER audit_event_seal_only BEFORE UPDATE ON audit_event
WHEN NOT (
  OLD.hash IS NULL AND OLD.prev_hash IS NULL
  AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
  AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.user_id IS OLD.user_id
  AND NEW.role IS OLD.role AND NEW.organisation_id IS OLD.organisation_id
  AND NEW.action IS OLD.action AND NEW.object_type IS OLD.object_type
  AND NEW.object_id IS OLD.object_id AND NEW.purpose IS OLD.purpose
  AND NEW.outcome IS OLD.outcome AND NEW.request_id IS OLD.request_id
)
BEGIN
  SELECT RAISE(ABORT, 'audit_event is append-only: a row cannot be changed');
END""",
    """CREATE TRIGGER audit_event_delete_past_retention BEFORE DELETE ON audit_event
WHEN NOT coalesce(
  julianday(OLD.at) < julianday('now') - (SELECT days FROM audit_retention WHERE id = 1), 0
)
BEGIN
  SELECT RAISE(ABORT, 'audit_event is append-only: only rows past the retention period may be deleted');
END""",
]

POSTGRES = [
    *RETENTION,
    """CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND OLD.prev_hash IS NULL
       AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
       AND to_jsonb(NEW) - 'hash' - 'prev_hash' = to_jsonb(OLD) - 'hash' - 'prev_hash' THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: a row cannot be changed';
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- 24 hours, not 1 day: a calendar day is 23 or 25 hours across a change of summer time.
    IF OLD.at < now() - (SELECT days FROM audit_retention WHERE id = 1) * interval '24 hours' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: only rows past the retention period may be deleted';
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: it cannot be truncated';
END
$$""",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event"
    " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]

forwards = sql_migration(ID, "audit", DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
