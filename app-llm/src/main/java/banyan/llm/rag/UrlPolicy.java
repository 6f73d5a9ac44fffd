package banyan.llm.rag;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import banyan.llm.problem.KnownFailure;

/**
 * Which URLs may be fetched for ingestion: http or https, a host on the allow-list
 * ({@code host} or {@code *.domain}), and every address the host resolves to public.
 * Loopback, private, shared (100.64/10), link-local (cloud metadata at 169.254.169.254),
 * multicast and unspecified addresses are refused, and so are IPv6 unique-local and
 * IPv4-mapped forms of them; {@code allowPrivate} lets loopback and private networks
 * through for development, never link-local. Resolving is blocking: call it off the event
 * loop.
 */
final class UrlPolicy {

	private final List<String> allowed;

	private final boolean allowPrivate;

	UrlPolicy(List<String> allowed, boolean allowPrivate) {
		this.allowed = allowed.stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
		this.allowPrivate = allowPrivate;
	}

	/**
	 * Checks a URL before it is fetched (and each redirect before it is followed).
	 * @throws RefusedUrl with the reason, when it may not be fetched
	 */
	void check(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new RefusedUrl("Only http and https URLs can be ingested.");
		}
		if (url.getHost() == null || url.getRawUserInfo() != null) {
			throw new RefusedUrl("The URL needs a host and no user info.");
		}
		String host = url.getHost().toLowerCase(Locale.ROOT);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (!listed(host)) {
			throw new RefusedUrl("The host " + host + " is not on the URL allow-list.");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new RefusedUrl("The host " + host + " cannot be resolved.");
		}
		for (InetAddress address : addresses) {
			String problem = problem(address);
			if (problem != null) {
				throw new RefusedUrl("The host " + host + " resolves to " + problem + " address "
						+ address.getHostAddress() + ", which is never fetched.");
			}
		}
	}

	private boolean listed(String host) {
		for (String entry : this.allowed) {
			if (entry.equals(host) || (entry.startsWith("*.") && host.endsWith(entry.substring(1)))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Why an address is never connected to (a link-local, a private one, …); null when it
	 * may be. The fetcher asks again for the address it actually connects to, so a host
	 * that resolves to a public address when checked and to a private one a moment later
	 * (DNS rebinding) is still refused.
	 */
	String problem(InetAddress address) {
		InetAddress checked = mapped(address);
		if (checked.isLinkLocalAddress()) {
			return "a link-local";
		}
		if (checked.isAnyLocalAddress() || checked.isMulticastAddress()) {
			return "an unspecified or multicast";
		}
		boolean privateNetwork = checked.isLoopbackAddress() || checked.isSiteLocalAddress() || shared(checked)
				|| uniqueLocal(checked);
		if (privateNetwork && !this.allowPrivate) {
			return "a loopback or private";
		}
		return null;
	}

	private static InetAddress mapped(InetAddress address) {
		if (address instanceof Inet6Address six) {
			byte[] bytes = six.getAddress();
			boolean v4mapped = true;
			for (int i = 0; i < 10; i++) {
				v4mapped &= bytes[i] == 0;
			}
			v4mapped &= (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
			if (v4mapped) {
				try {
					return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
				}
				catch (UnknownHostException ex) {
					return address;
				}
			}
		}
		return address;
	}

	private static boolean shared(InetAddress address) {
		byte[] bytes = address.getAddress();
		return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
	}

	private static boolean uniqueLocal(InetAddress address) {
		return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
	}

	/** A URL that may not be fetched. */
	static final class RefusedUrl extends KnownFailure {

		RefusedUrl(String message) {
			super(Kind.INVALID_REQUEST, message);
		}

	}

}
