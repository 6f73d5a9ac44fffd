package banyan.gateway.identity;

/**
 * The request carries no usable credential. The message is safe to show the client.
 */
class Unauthenticated extends RuntimeException {

	Unauthenticated(String message) {
		super(message, null, false, false);
	}

}
