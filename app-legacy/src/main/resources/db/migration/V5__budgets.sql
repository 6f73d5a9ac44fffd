-- Spending limits, in the currency of app-llm's model prices; null means no limit.
alter table tenants add column daily_budget numeric(18, 6) check (daily_budget >= 0);
alter table tenants add column monthly_budget numeric(18, 6) check (monthly_budget >= 0);
alter table api_keys add column daily_budget numeric(18, 6) check (daily_budget >= 0);
alter table api_keys add column monthly_budget numeric(18, 6) check (monthly_budget >= 0);
