package banyan.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The rate-limit store (Redis when {@code banyan.gateway.rate-limits.redis-url} is set,
 * this process otherwise) and the filter that uses it.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean(destroyMethod = "close")
	LimitStore limitStore(RateLimitSettings settings) {
		if (StringUtils.hasText(settings.redisUrl())) {
			log.info("Rate limits are shared in Redis at {}", redactedUrl(settings.redisUrl()));
			return new RedisLimitStore(settings.redisUrl(), settings.storeTimeout());
		}
		log.info("Rate limits are kept in this process (set BANYAN_REDIS_URL to share them between replicas)");
		return new LocalLimitStore();
	}

	@Bean
	RateLimiting rateLimiting(LimitStore store, RateLimitSettings settings, JsonMapper json, MeterRegistry meters) {
		return new RateLimiting(store, settings, json, meters);
	}

	private static String redactedUrl(String url) {
		return url.replaceAll("//[^@/]*@", "//***@");
	}

}
