package banyan.contracts.problem;

import java.net.URI;

/**
 * The stable {@code type} URIs of Banyan's problem bodies. They are identifiers, not
 * links that must resolve; {@code docs/problems.md} describes each.
 */
public final class ProblemTypes {

	private static final String BASE = "https://banyan.dev/problems/";

	/** The request body or parameters failed validation. */
	public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");

	/** The request body is not well-formed JSON or does not match the expected shape. */
	public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

	/** The addressed resource does not exist, or is not visible to the caller. */
	public static final URI NOT_FOUND = URI.create(BASE + "not-found");

	/** The request carries no valid credentials. */
	public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");

	/** The caller is known but may not do this. */
	public static final URI FORBIDDEN = URI.create(BASE + "forbidden");

	/** A resource with the same identity exists already. */
	public static final URI ALREADY_EXISTS = URI.create(BASE + "already-exists");

	/** The resource's current state does not allow the requested change. */
	public static final URI INVALID_TRANSITION = URI.create(BASE + "invalid-transition");

	/** A write was based on a stale version of the resource. */
	public static final URI STALE_VERSION = URI.create(BASE + "stale-version");

	/** A request with tools spent its cost ceiling before the model finished. */
	public static final URI COST_CEILING_REACHED = URI.create(BASE + "cost-ceiling-reached");

	/**
	 * A daily or monthly budget of the tenant or the key has no room for the request's
	 * worst-case cost.
	 */
	public static final URI PROMPT_REJECTED = URI.create(BASE + "prompt-rejected");

	public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");

	public static final URI RATE_LIMITS_UNAVAILABLE = URI.create(BASE + "rate-limits-unavailable");

	public static final URI BUDGET_EXHAUSTED = URI.create(BASE + "budget-exhausted");

	/**
	 * A request with the same {@code Idempotency-Key} is still running, or its answer was
	 * streamed or cancelled and cannot be replayed.
	 */
	public static final URI IDEMPOTENCY_CONFLICT = URI.create(BASE + "idempotency-conflict");

	/** The {@code Idempotency-Key} was used before with a different request. */
	public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(BASE + "idempotency-key-reused");

	/** The caller's API key does not allow the requested model. */
	public static final URI MODEL_NOT_ALLOWED = URI.create(BASE + "model-not-allowed");

	/** The requested model alias is not in the model catalog. */
	public static final URI UNKNOWN_MODEL = URI.create(BASE + "unknown-model");

	/** Every provider target of the model failed or is unavailable. */
	public static final URI PROVIDER_UNAVAILABLE = URI.create(BASE + "provider-unavailable");

	/**
	 * The provider answered with an error the caller caused (for example a rejected
	 * request).
	 */
	public static final URI PROVIDER_REJECTED = URI.create(BASE + "provider-rejected");

	/** The application behind the gateway cannot be reached. */
	public static final URI UPSTREAM_UNAVAILABLE = URI.create(BASE + "upstream-unavailable");

	/** The application behind the gateway did not start answering in time. */
	public static final URI UPSTREAM_TIMEOUT = URI.create(BASE + "upstream-timeout");

	/** The request body exceeds the size cap. */
	public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");

	public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");

	/** An unexpected failure inside Banyan; the detail never carries internals. */
	public static final URI INTERNAL = URI.create(BASE + "internal");

	private ProblemTypes() {
	}

}
