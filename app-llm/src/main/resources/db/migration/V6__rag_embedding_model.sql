-- Which embedding model made a document's vectors (ADR 13): vectors of two models do not
-- compare, so when the configured model changes, the documents of another are embedded again.
-- Rows stored before this column existed say '' (unknown) and are embedded again once.
alter table rag_documents add column embedding_model varchar(200) not null default '';
