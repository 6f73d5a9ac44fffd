-- The RSA keys that sign access tokens (ADR 7). One key is active (retired_at is null); a retired
-- key stays published until every token it signed has expired.
create table signing_keys (
    kid          varchar(64)  primary key,
    algorithm    varchar(16)  not null,
    public_key   bytea        not null,
    private_key  bytea        not null,
    created_at   timestamptz  not null,
    retired_at   timestamptz
);

create unique index signing_keys_one_active on signing_keys ((true)) where retired_at is null;
