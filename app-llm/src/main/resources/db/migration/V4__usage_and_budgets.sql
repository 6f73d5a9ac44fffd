-- The usage ledger: one row per request (ADR 9).
create table usage_ledger (
    id               bigint generated always as identity primary key,
    request_id       varchar(64)    not null,
    tenant           varchar(64)    not null,
    key_id           varchar(64)    not null,
    model            varchar(200)   not null,
    provider         varchar(200)   not null,
    provider_model   varchar(200)   not null,
    input_tokens     bigint         not null,
    output_tokens    bigint         not null,
    tokens_estimated boolean        not null,
    cost             numeric(24, 10) not null,
    duration_ms      bigint         not null,
    ttft_ms          bigint         not null,
    cache_hit        boolean        not null,
    outcome          varchar(16)    not null,
    created_at       timestamptz    not null
);

create index usage_ledger_tenant_time_idx on usage_ledger (tenant, created_at);

-- Spending per budget scope (tenant:<id> or key:<tenant>:<id>) and UTC period.
create table budget_counters (
    scope        varchar(200)    not null,
    period       varchar(8)      not null,
    period_start date            not null,
    spent        numeric(24, 10) not null default 0,
    reserved     numeric(24, 10) not null default 0,
    primary key (scope, period, period_start)
);

-- What each unsettled request reserved, per counter; released when it settles or expires.
create table budget_holds (
    reservation  uuid            not null,
    scope        varchar(200)    not null,
    period       varchar(8)      not null,
    period_start date            not null,
    amount       numeric(24, 10) not null,
    created_at   timestamptz     not null,
    primary key (reservation, scope, period, period_start)
);

create index budget_holds_created_idx on budget_holds (created_at);

-- Idempotency-Key per tenant: who runs the request, and the answer to replay (ADR 9).
create table idempotency_keys (
    tenant       varchar(64)  not null,
    key          varchar(255) not null,
    request_hash char(64)     not null,
    state        varchar(16)  not null,
    status       integer,
    content_type varchar(200),
    body         bytea,
    created_at   timestamptz  not null,
    completed_at timestamptz,
    primary key (tenant, key)
);

create index idempotency_keys_completed_idx on idempotency_keys (completed_at);
