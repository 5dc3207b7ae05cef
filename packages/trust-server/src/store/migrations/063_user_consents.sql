-- A user's consent to the data the partner portal captures (MOSIP master's pms.user_details), asked once after
-- the first sign-in: POST /users/user-consent records it, GET answers it. One row per user, updated in place.
create table user_consents (
  user_id text primary key references users (id) on delete cascade,
  consent_given_at timestamptz not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);
