-- Each tenant has its own conversations: the key becomes (tenant, id), so one tenant can neither
-- read nor continue another's conversation, whatever id it sends. Conversations stored before
-- tenants reached app-llm belong to no tenant ('') and can no longer be reached.
alter table conversation_messages drop constraint conversation_messages_conversation_id_fkey;
alter table conversations drop constraint conversations_pkey;

alter table conversations add column tenant text not null default '';
alter table conversations alter column tenant drop default;
alter table conversations add primary key (tenant, id);

alter table conversation_messages add column tenant text not null default '';
alter table conversation_messages alter column tenant drop default;
alter table conversation_messages
    add foreign key (tenant, conversation_id) references conversations (tenant, id) on delete cascade;

drop index conversation_messages_by_conversation;
create index conversation_messages_by_conversation on conversation_messages (tenant, conversation_id, id);
