-- RAG (ADR 13): documents and their chunks are the source of truth; the Lucene index is
-- rebuilt from them.
create table rag_documents (
    id           bigint generated always as identity primary key,
    tenant       varchar(64)  not null,
    source       varchar(16)  not null,
    source_id    varchar(200) not null,
    version      bigint       not null,
    title        varchar(500) not null,
    data_domain  varchar(64)  not null,
    content_hash char(64)     not null,
    -- Tags, one per line, and when the source last changed (the legacy search mimic shows both).
    tags         text         not null default '',
    source_updated_at timestamptz not null,
    updated_at   timestamptz  not null,
    unique (tenant, source, source_id)
);

create table rag_chunks (
    document_id bigint  not null references rag_documents (id) on delete cascade,
    ordinal     int     not null,
    text        text    not null,
    embedding   bytea   not null,
    primary key (document_id, ordinal)
);

-- Durable ingestion: one row per job; a worker claims it with a lease.
create table rag_jobs (
    id           bigint generated always as identity primary key,
    tenant       varchar(64)  not null,
    kind         varchar(16)  not null,
    payload      text         not null,
    status       varchar(16)  not null,
    progress     int          not null default 0,
    error        text,
    attempts     int          not null default 0,
    lease_until  timestamptz,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);
create index rag_jobs_runnable on rag_jobs (status, id);

-- Where the follower of app-legacy's article feed is.
create table rag_feed_cursor (
    name     varchar(32) primary key,
    position bigint      not null
);
