-- The device registry (migration 040) is cached by the authentication API too: its changes notify
-- trust_cache like the tables of migration 051.
create trigger registered_devices_cache_notify after insert or update or delete on registered_devices
  for each statement execute function trust_cache_notify();
