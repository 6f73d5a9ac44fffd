/**
 * RFC 9457 problem bodies and the stable {@code type} URIs every Banyan process uses for
 * them.
 */
package banyan.contracts.problem;
