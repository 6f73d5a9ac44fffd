-- The control plane's settings of endpoints under migration (ADR 14), versioned so the gateway
-- can poll for changes, with an audit log of who changed what.
create sequence migration_settings_version;

create table migration_routes (
    id                 varchar(64)  primary key,
    method             varchar(8)   not null,
    path               varchar(200) not null,
    mirror_percentage  double precision not null,
    noise_percentage   double precision not null,
    cutover_weight     int          not null,
    rules              text         not null,
    state              varchar(16)  not null,
    version            bigint       not null
);

create table migration_audit (
    id      bigint generated always as identity primary key,
    route   varchar(64) not null,
    at      timestamptz not null,
    actor   varchar(200) not null,
    before  text,
    after   text        not null
);
create index migration_audit_route on migration_audit (route, id);
