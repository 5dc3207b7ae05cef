-- Replay protection of Auth captures shared by every server process on the database (docs/trust-server.md,
-- "Scale-out"): the verifier claims an accepted capture's transactionId here until it expires; the
-- primary key makes the claim atomic across processes, so a capture replayed to another instance loses.
create table capture_replay (
  transaction_id text primary key,
  expires_at timestamptz not null
);
create index capture_replay_expiry_idx on capture_replay (expires_at);
