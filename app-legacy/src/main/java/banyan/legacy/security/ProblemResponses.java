package banyan.legacy.security;

import java.io.IOException;
import java.net.URI;

import banyan.contracts.problem.Problem;
import banyan.contracts.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 on REST paths as problem bodies. The 401 names HTTP Basic, so a client (or
 * curl) knows how to sign in.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"banyan\"");
		write(response,
				new Problem(ProblemTypes.UNAUTHORIZED, "Unauthorized", 401,
						"Sign in with HTTP Basic (a back-office user) to use this endpoint.",
						URI.create(request.getRequestURI())));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException failure)
			throws IOException {
		write(response, new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403,
				"Your role does not allow this. Ask an administrator.", URI.create(request.getRequestURI())));
	}

	private void write(HttpServletResponse response, Problem problem) throws IOException {
		response.setStatus(problem.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
