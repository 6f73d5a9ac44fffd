/**
 * The tenants, API keys and budgets API (REST) and their back-office pages.
 */
@NullMarked
package banyan.legacy.tenant.web;

import org.jspecify.annotations.NullMarked;
