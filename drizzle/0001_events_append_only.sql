-- The event log is the paper trail (architecture §1, invariant 5): rows are only ever added.
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
