-- The authentication API's transaction log (docs/trust-server.md, "Authentication API"): every call's
-- decision trace, the error codes, the requested auth types and the failing check, beside the columns of
-- migration 015. No biometric data and no individual id in clear (ref_id_hash only).
alter table auth_transactions add column decision_trace jsonb;
alter table auth_transactions add column error_codes jsonb;
alter table auth_transactions add column failed_check text;
alter table auth_transactions add column match_performed boolean;
create index auth_transactions_txn_idx on auth_transactions (transaction_id);
