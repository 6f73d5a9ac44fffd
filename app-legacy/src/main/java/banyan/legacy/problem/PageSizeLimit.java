package banyan.legacy.problem;

import banyan.contracts.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a page larger than {@code spring.data.web.pageable.max-page-size} on the REST
 * API with a 400 problem, where Spring Data alone would quietly give a smaller page than
 * asked for.
 */
@Configuration(proxyBeanMethods = false)
class PageSizeLimit implements WebMvcConfigurer, HandlerInterceptor {

	private final int maxPageSize;

	PageSizeLimit(@Value("${spring.data.web.pageable.max-page-size:2000}") int maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/api/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String size = request.getParameter("size");
		if (size != null && !size.isBlank()) {
			int asked;
			try {
				asked = Integer.parseInt(size.strip());
			}
			catch (NumberFormatException ex) {
				asked = -1;
			}
			if (asked < 1 || asked > this.maxPageSize) {
				throw Problems.refusal(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
						"size must be between 1 and " + this.maxPageSize + ".");
			}
		}
		return true;
	}

}
