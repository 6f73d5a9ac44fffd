-- What app-llm does with a prompt its guardrails take for an attack: refuse it, or let it
-- through and flag it.
alter table tenants add column guardrail_action varchar(8) not null default 'BLOCK'
    check (guardrail_action in ('BLOCK', 'FLAG'));
