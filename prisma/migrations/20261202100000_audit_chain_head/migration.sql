-- The audit chain's head in one round trip: takes the chain's transaction-scoped advisory lock (the caller passes its
-- key), then reads the last entry's hash. A VOLATILE plpgsql function runs each statement under a fresh snapshot, so
-- the hash is read after the lock is granted and sees every entry committed before it (a single
-- "SELECT pg_advisory_xact_lock(..), (SELECT hash ...)" would read under the snapshot taken before the wait).
CREATE FUNCTION audit_chain_head(lock_key bigint) RETURNS char(64)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN (SELECT hash FROM audit_logs ORDER BY id DESC LIMIT 1);
END
$$;
