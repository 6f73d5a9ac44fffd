-- app-llm's own database. Conversations, the usage ledger and the RAG chunks arrive in later
-- migrations; this empty baseline makes Flyway own the schema from the first start.
select 1;
