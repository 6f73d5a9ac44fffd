package banyan.llm;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The reactive LLM service: the OpenAI-compatible {@code /v1} API, Banyan's streaming
 * {@code /chat} and {@code /rag}, and the providers behind them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LlmApplication {

	public static void main(String[] args) {
		SpringApplication.run(LlmApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
