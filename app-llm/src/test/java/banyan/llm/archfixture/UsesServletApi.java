package banyan.llm.archfixture;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Deliberately breaks the rule that app-llm uses no servlet API.
 */
public class UsesServletApi {

	String path(HttpServletRequest request) {
		return request.getRequestURI();
	}

}
