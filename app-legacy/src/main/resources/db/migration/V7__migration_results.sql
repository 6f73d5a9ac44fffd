-- Compared samples of endpoints under migration, as the gateway reports them (ADR 14).
create table migration_results (
    id               bigint generated always as identity primary key,
    route            varchar(64)  not null,
    at               timestamptz  not null,
    outcome          varchar(32)  not null,
    -- A sample of app-legacy against itself: the noise baseline.
    noise            boolean      not null,
    primary_status   int          not null,
    candidate_status int          not null,
    primary_millis   bigint       not null,
    candidate_millis bigint       not null,
    fields           text[]       not null,
    overlap          double precision,
    tau              double precision
);
create index migration_results_route_at on migration_results (route, at);

-- The latest mismatch samples per route with both answers; older ones are dropped.
create table migration_mismatches (
    id     bigint generated always as identity primary key,
    route  varchar(64) not null,
    at     timestamptz not null,
    fields text[]      not null,
    diff   text        not null
);
create index migration_mismatches_route on migration_mismatches (route, id);
