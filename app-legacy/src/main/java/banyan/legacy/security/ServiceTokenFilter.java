package banyan.legacy.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the gateway's calls to {@code /internal/**}: a bearer token equal (in
 * constant time) to the configured one makes the request the {@code SERVICE} role. Any
 * other request passes on unauthenticated.
 */
class ServiceTokenFilter extends OncePerRequestFilter {

	private final byte[] token;

	ServiceTokenFilter(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.startsWith("Bearer ")
				&& MessageDigest.isEqual(this.token, authorization.substring(7).getBytes(StandardCharsets.UTF_8))) {
			var service = UsernamePasswordAuthenticationToken.authenticated("gateway", null,
					List.of(new SimpleGrantedAuthority("ROLE_SERVICE")));
			SecurityContextHolder.getContext().setAuthentication(service);
		}
		chain.doFilter(request, response);
	}

}
