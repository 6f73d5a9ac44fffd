package banyan.llm.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import banyan.contracts.stream.StreamEvent;
import banyan.llm.catalog.UnknownModel;
import banyan.llm.identity.ModelNotAllowed;
import banyan.llm.provider.ChatRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The chain runs its stages outermost first, a caller's stage in front of them all. */
class ChatPipelineTests {

	final List<String> calls = new ArrayList<>();

	final ChatStage.Chain provider = (exchange) -> {
		this.calls.add("provider");
		return Flux.just(new StreamEvent.Delta(exchange.request().model()));
	};

	final ChatPipeline pipeline = new ChatPipeline((alias) -> {
		if (!"priced".equals(alias)) {
			throw new UnknownModel(alias);
		}
		return ChatExchanges.MODEL;
	}, ChatExchanges.TOKENS, List.of(stage("first"), stage("second")), this.provider);

	@Test
	void runsTheStagesInOrderAroundTheProviderCall() {
		ChatExchange exchange = this.pipeline.resolve(ChatExchanges.CALLER, ChatExchanges.request("Hello"));
		StepVerifier.create(this.pipeline.stream(exchange, stage("caller's")))
			.expectNext(new StreamEvent.Delta("priced"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.calls).containsExactly("caller's", "first", "second", "provider");
	}

	@Test
	void completeGivesTheAnswerOnceTheStreamHasEnded() {
		ChatExchange exchange = this.pipeline.resolve(ChatExchanges.CALLER, ChatExchanges.request("Hello"));
		StepVerifier.create(this.pipeline.complete(exchange))
			.expectNext(exchange.answer())
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.calls).containsExactly("first", "second", "provider");
	}

	@Test
	void resolvesTheModelOnceBeforeAnyStream() {
		assertThatExceptionOfType(UnknownModel.class).isThrownBy(() -> this.pipeline.resolve(ChatExchanges.CALLER,
				new ChatRequest("nope", ChatExchanges.request("Hello").messages(), null, null, Map.of())));
		assertThatExceptionOfType(ModelNotAllowed.class).isThrownBy(() -> this.pipeline
			.resolve(new banyan.llm.identity.Caller("acme", "7", List.of("other"), "standard", List.of(),
					banyan.contracts.identity.Budgets.none(), banyan.contracts.identity.GuardrailAction.BLOCK, "token"),
					ChatExchanges.request("Hello")));
		assertThat(this.calls).isEmpty();
	}

	private ChatStage stage(String name) {
		return (exchange, next) -> {
			this.calls.add(name);
			return next.stream(exchange);
		};
	}

}
