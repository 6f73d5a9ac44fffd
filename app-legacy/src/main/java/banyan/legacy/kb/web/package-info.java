/**
 * The knowledge-base articles API and pages, and the legacy search
 * ({@code /api/kb/search}).
 */
@NullMarked
package banyan.legacy.kb.web;

import org.jspecify.annotations.NullMarked;
