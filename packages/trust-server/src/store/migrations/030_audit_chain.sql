-- The audit chain's signed head (docs/trust-server.md, "Audit log"): entries from keyed_from on are hashed
-- with HMAC-SHA-256 under a key derived from the KEK (the database never holds it); older entries keep their
-- plain SHA-256 and are anchored by the first keyed entry. mac signs (keyed_from, head_seq, head_hash) and is
-- filled by the server start that applied this migration; every append moves the head in its transaction.
create table audit_chain (
  id smallint primary key check (id = 1),
  keyed_from bigint not null,
  head_seq bigint not null,
  head_hash text not null,
  mac text
);
insert into audit_chain (id, keyed_from, head_seq, head_hash, mac)
select 1,
  coalesce(max(seq), 0) + 1,
  coalesce(max(seq), 0),
  coalesce((select hash from audit_log order by seq desc limit 1), repeat('0', 64)),
  null
from audit_log;
