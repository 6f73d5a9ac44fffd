/**
 * The shared kernel: records, enums and sealed types that cross a process boundary
 * between the gateway, app-legacy and app-llm. Depends on nothing but the JDK, Jackson
 * annotations and Jakarta Validation. Components are non-null unless their Javadoc says
 * otherwise.
 */
package banyan.contracts;
