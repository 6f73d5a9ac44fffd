-- Conversations of /chat/stream: the history a client continues by sending its conversationId.
create table conversations (
    id          uuid primary key,
    model       text        not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table conversation_messages (
    id              bigserial primary key,
    conversation_id uuid        not null references conversations (id) on delete cascade,
    role            text        not null check (role in ('system', 'user', 'assistant')),
    content         text        not null,
    tokens          integer     not null check (tokens >= 0),
    created_at      timestamptz not null default now()
);

create index conversation_messages_by_conversation on conversation_messages (conversation_id, id);
