package banyan.gateway.archfixture;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Deliberately breaks the rule that the gateway uses no servlet API.
 */
public class UsesServletApi {

	String path(HttpServletRequest request) {
		return request.getRequestURI();
	}

}
