-- A new request in one call (architecture §10, "Intake in one call"): the rate limit's charge, the
-- draft lookup, the reference, the request, its files, contacts, links, events and outbox rows.
-- PL/pgSQL plans each statement once per connection, so an intake costs one round trip and no
-- planning. The caller builds every row (src/server/intake/store-request.ts); this function only
-- writes them, in the order the event log shows them.
--
-- p: { bucket?: { key, windowStart, max }, request: { id, clientDraftId, mode, details,
--      sameContactForBothRoles, year }, filesInvalid, attachFileIds, referenceMark,
--      files, contacts, links, events, mails } (rows keyed by column name).
-- Answers { charged } past the limit, { charged, existing } for a stored draft,
-- { charged, refused: 'fileIds' } when a named file cannot be attached, else
-- { charged, stored: { reference, sequence } }. The charge stands whatever the answer.
CREATE FUNCTION store_request(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  charged integer;
  draft uuid := (p->'request'->>'clientDraftId')::uuid;
  new_id uuid := (p->'request'->>'id')::uuid;
  ref_year integer := (p->'request'->>'year')::integer;
  attach jsonb := coalesce(p->'attachFileIds', '[]'::jsonb);
  seq integer;
  ref text;
  attached integer;
  conflict text;
BEGIN
  IF p->'bucket' IS NOT NULL THEN
    charged := charge_rate_limit(p->'bucket'->>'key', (p->'bucket'->>'windowStart')::timestamptz);
    IF charged > (p->'bucket'->>'max')::integer THEN
      RETURN jsonb_build_object('charged', charged);
    END IF;
  END IF;

  IF EXISTS (SELECT 1 FROM requests r WHERE r.client_draft_id = draft) THEN
    RETURN jsonb_build_object('charged', charged, 'existing', store_request_draft(draft));
  END IF;
  IF (p->>'filesInvalid')::boolean THEN
    RETURN jsonb_build_object('charged', charged, 'refused', 'fileIds');
  END IF;

  -- A block of its own: a refusal or a lost race undoes the reference and the rows, not the charge.
  BEGIN
    -- One atomic upsert: concurrent submits each get their own number; an undone one gives it back.
    INSERT INTO reference_counters AS c (year, last) VALUES (ref_year, 1)
    ON CONFLICT (year) DO UPDATE SET last = c.last + 1
    RETURNING c.last INTO seq;
    ref := 'PF-' || ref_year || '-' || CASE WHEN seq < 10000 THEN lpad(seq::text, 4, '0') ELSE seq::text END;
    -- The caller rendered mails and events before the reference existed, with this mark in its place.
    p := replace(p::text, p->>'referenceMark', ref)::jsonb;

    INSERT INTO requests (id, reference, client_draft_id, mode, details, same_contact_for_both_roles)
    VALUES (new_id, ref, draft, p->'request'->>'mode', p->'request'->'details',
      (p->'request'->>'sameContactForBothRoles')::boolean);

    -- Only anonymous uploads not yet attached anywhere: a file cannot move between requests.
    IF jsonb_array_length(attach) > 0 THEN
      UPDATE files f SET request_id = new_id
      WHERE f.id IN (SELECT value::uuid FROM jsonb_array_elements_text(attach))
        AND f.request_id IS NULL AND f.uploaded_by_role = 'anonymous';
      GET DIAGNOSTICS attached = ROW_COUNT;
      IF attached <> jsonb_array_length(attach) THEN
        RAISE EXCEPTION 'files_unavailable';
      END IF;
    END IF;
    INSERT INTO files (id, request_id, storage_key, name, size, content_type, kind, width, height, sha256,
      geometry, uploaded_by_role)
    SELECT x.id, new_id, x.storage_key, x.name, x.size, x.content_type, x.kind, x.width,
      x.height, x.sha256, x.geometry, x.uploaded_by_role
    FROM jsonb_populate_recordset(NULL::files, coalesce(p->'files', '[]'::jsonb)) x;

    INSERT INTO contacts (request_id, role, name, email, phone, company, job_title, po_status, po_number)
    SELECT new_id, x.role, x.name, x.email, x.phone, x.company, x.job_title, x.po_status,
      x.po_number
    FROM jsonb_populate_recordset(NULL::contacts, p->'contacts') x;
    INSERT INTO link_tokens (token_hash, purpose, request_id, recipient_email, expires_at)
    SELECT x.token_hash, x.purpose, new_id, x.recipient_email, x.expires_at
    FROM jsonb_populate_recordset(NULL::link_tokens, p->'links') x;
    -- The rows take their ids (the log's order) in the order listed.
    INSERT INTO events (request_id, type, role, actor_name, actor_email, quote_revision_id, payload, ip, user_agent)
    SELECT new_id, x.type, x.role, x.actor_name, x.actor_email, x.quote_revision_id, x.payload, x.ip, x.user_agent
    FROM jsonb_array_elements(p->'events') WITH ORDINALITY AS e(item, n),
      jsonb_populate_record(NULL::events, e.item) x
    ORDER BY e.n;
    INSERT INTO mail_outbox (id, request_id, recipient, announce, message, attempts, locked_until, failed_at,
      last_error)
    SELECT x.id, new_id, x.recipient, x.announce, x.message, x.attempts, x.locked_until, x.failed_at, x.last_error
    FROM jsonb_populate_recordset(NULL::mail_outbox, p->'mails') x;
  EXCEPTION
    WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS conflict = CONSTRAINT_NAME;
      IF conflict IS DISTINCT FROM 'requests_client_draft_id_unique' THEN RAISE; END IF;
      -- A concurrent submit of the same draft stored it first (the insert waited for its commit).
      RETURN jsonb_build_object('charged', charged, 'existing', store_request_draft(draft));
    WHEN raise_exception THEN
      IF SQLERRM IS DISTINCT FROM 'files_unavailable' THEN RAISE; END IF;
      RETURN jsonb_build_object('charged', charged, 'refused', 'fileIds');
  END;
  RETURN jsonb_build_object('charged', charged, 'stored', jsonb_build_object('reference', ref, 'sequence', seq));
END;
$$;
--> statement-breakpoint
-- The stored request of a draft, as the intake answers a replay: its id, reference and technical contact.
CREATE FUNCTION store_request_draft(draft uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', r.id, 'reference', r.reference, 'technicalEmail', c.email)
  FROM requests r JOIN contacts c ON c.request_id = r.id AND c.role = 'technical'
  WHERE r.client_draft_id = draft
$$;
--> statement-breakpoint
-- One call against a client's rate limit (src/server/rate-limit.ts): one atomic upsert of its bucket,
-- answering this window's calls, this one included.
CREATE FUNCTION charge_rate_limit(bucket_key text, bucket_window timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  charged integer;
BEGIN
  INSERT INTO rate_limit_buckets AS b (key, window_start, count) VALUES (bucket_key, bucket_window, 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN b.window_start = excluded.window_start THEN b.count + 1 ELSE 1 END,
    window_start = excluded.window_start
  RETURNING b.count INTO charged;
  RETURN charged;
END;
$$;
