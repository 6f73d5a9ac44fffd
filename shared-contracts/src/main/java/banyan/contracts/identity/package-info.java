/**
 * Who is calling: what app-legacy tells the gateway about an API key.
 */
package banyan.contracts.identity;
