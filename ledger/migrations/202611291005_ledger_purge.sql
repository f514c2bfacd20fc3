-- Retention both ways: the only path that deletes ledger events. A segment (a chain's prefix up
-- to `to_seq`, a multiple of 256 so every Merkle proof of the remaining events stays computable
-- from ledger_merkle_nodes) is deleted only when it was archived and its package verified
-- (ledger_archives), a `ledger.purge` event describing it is recorded and covered by a
-- checkpoint, the segment itself is covered by a checkpoint, and every event in it is older than
-- both the caller's minimum retention and the platform floor (ledger_retention_policy, which
-- only the tables' owner can change).
CREATE TABLE ledger_retention_policy (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  min_retention interval NOT NULL
);
INSERT INTO ledger_retention_policy (min_retention) VALUES (interval '6 months');
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger_retention_policy FROM PUBLIC;

CREATE TABLE ledger_archives (
  chain_id        text NOT NULL,
  from_seq        bigint NOT NULL,
  to_seq          bigint NOT NULL CHECK (to_seq >= from_seq),
  root            text NOT NULL CHECK (length(root) = 64),
  package         text NOT NULL,
  package_sha256  text NOT NULL CHECK (length(package_sha256) = 64),
  verified_at     timestamptz NOT NULL,
  PRIMARY KEY (chain_id, to_seq)
);

CREATE TABLE ledger_purges (
  chain_id    text NOT NULL,
  to_seq      bigint NOT NULL,
  event_id    uuid NOT NULL,
  purged_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chain_id, to_seq)
);
CREATE TRIGGER ledger_purges_no_update_delete BEFORE UPDATE OR DELETE ON ledger_purges
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_purges, ledger_archives FROM PUBLIC;

-- The append-only trigger lets DELETE through only inside ledger_purge_segment (transaction-local
-- setting); roles without DELETE privilege cannot delete at all.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'ledger_events' AND current_setting('datapedia.ledger_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION ledger_purge_segment(p_chain text, p_to_seq bigint, p_purge_event uuid, p_min_retention interval)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_from bigint;
  v_newest timestamptz;
  v_floor interval;
  v_event record;
  v_deleted bigint;
BEGIN
  IF p_to_seq < 1 OR p_to_seq % 256 <> 0 THEN
    RAISE EXCEPTION 'purge: segment end % must be a positive multiple of 256', p_to_seq USING ERRCODE = 'check_violation';
  END IF;
  SELECT coalesce(max(to_seq), 0) + 1 INTO v_from FROM ledger_purges WHERE chain_id = p_chain;
  IF NOT EXISTS (SELECT 1 FROM ledger_archives WHERE chain_id = p_chain AND from_seq = v_from AND to_seq = p_to_seq) THEN
    RAISE EXCEPTION 'purge: segment %:%..% not archived and verified', p_chain, v_from, p_to_seq USING ERRCODE = 'check_violation';
  END IF;
  SELECT chain_id, seq, detail INTO v_event FROM ledger_events WHERE id = p_purge_event AND type = 'ledger.purge';
  IF NOT FOUND OR v_event.detail->>'chain_id' IS DISTINCT FROM p_chain OR (v_event.detail->>'to_seq')::bigint IS DISTINCT FROM p_to_seq THEN
    RAISE EXCEPTION 'purge: no ledger.purge event % for this segment', p_purge_event USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM ledger_checkpoint_heads WHERE chain_id = v_event.chain_id AND seq >= v_event.seq)
     OR NOT EXISTS (SELECT 1 FROM ledger_checkpoint_heads WHERE chain_id = p_chain AND seq >= p_to_seq) THEN
    RAISE EXCEPTION 'purge: segment or purge event not covered by a checkpoint' USING ERRCODE = 'check_violation';
  END IF;
  SELECT min_retention INTO v_floor FROM ledger_retention_policy;
  SELECT max(recorded_at) INTO v_newest FROM ledger_events WHERE chain_id = p_chain AND seq BETWEEN v_from AND p_to_seq;
  IF v_newest IS NOT NULL AND v_newest > now() - greatest(p_min_retention, v_floor) THEN
    RAISE EXCEPTION 'purge: events of %..% are within their retention period', v_from, p_to_seq USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('datapedia.ledger_purge', 'on', true);
  DELETE FROM ledger_events WHERE chain_id = p_chain AND seq BETWEEN v_from AND p_to_seq;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  PERFORM set_config('datapedia.ledger_purge', 'off', true);
  INSERT INTO ledger_purges (chain_id, to_seq, event_id) VALUES (p_chain, p_to_seq, p_purge_event);
  RETURN v_deleted;
END;
$$;
REVOKE ALL ON FUNCTION ledger_purge_segment(text, bigint, uuid, interval) FROM PUBLIC;
