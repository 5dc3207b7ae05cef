-- A partner's further contacts (MOSIP pms.partner_contact), added through POST /partners/{id}/contact/add;
-- one row per (partner, e-mail), updated in place.
create table partner_contacts (
  id text primary key,
  partner_id text not null references partners (id),
  email_id text not null,
  address text not null,
  contact_no text not null,
  is_active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);

create unique index partner_contacts_email_unique on partner_contacts (partner_id, lower(email_id));
