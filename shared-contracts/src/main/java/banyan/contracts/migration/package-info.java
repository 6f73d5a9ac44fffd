/**
 * What the gateway reports to app-legacy about endpoints under migration (ADR 14).
 */
package banyan.contracts.migration;
