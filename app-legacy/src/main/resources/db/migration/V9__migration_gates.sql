-- Automatic gates of migrations (ADR 14): each route's thresholds and schedule, and every
-- decision that changed a route, with the figures behind it.
alter table migration_routes add column gate text;

create table migration_transitions (
    id          bigint generated always as identity primary key,
    route       varchar(64) not null,
    at          timestamptz not null,
    decision    varchar(16) not null,
    from_weight int         not null,
    to_weight   int         not null,
    reason      text        not null,
    figures     text        not null
);
create index migration_transitions_route on migration_transitions (route, id);
