/**
 * The model catalog: aliases clients ask for, each mapped to an ordered list of provider
 * targets.
 */
@NullMarked
package banyan.llm.catalog;

import org.jspecify.annotations.NullMarked;
