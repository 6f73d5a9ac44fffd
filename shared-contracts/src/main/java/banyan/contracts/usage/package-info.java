/**
 * What tenants' requests used and cost: app-llm's usage ledger as other processes read
 * it.
 */
package banyan.contracts.usage;
