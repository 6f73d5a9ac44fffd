package banyan.llm.chat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import banyan.llm.TestTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /chat/ws}: Banyan's events over a WebSocket, client cancel, server pings, and
 * frames the server cannot read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "banyan.llm.stream.heartbeat=200ms", "banyan.llm.providers.local.chunk-delay=0ms",
				"banyan.llm.providers.slow.type=local", "banyan.llm.providers.slow.chunk-delay=100ms",
				"banyan.llm.models.slow.targets[0].provider=slow",
				"banyan.llm.models.slow.targets[0].model=extractive" })
class ChatSocketIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void streamsTheSameEventsAsSseWithIncreasingIds() {
		List<JsonNode> frames = exchange(Flux.just(chat("local", "How do I pause my subscription?")),
				(frame) -> "end".equals(frame.path("event").asString()));

		List<String> events = frames.stream().map((frame) -> frame.path("event").asString()).toList();
		assertThat(events.getFirst()).isEqualTo("start");
		assertThat(events.subList(1, events.size() - 2)).isNotEmpty().containsOnly("delta");
		assertThat(events.subList(events.size() - 2, events.size())).containsExactly("metrics", "end");
		assertThat(frames.stream().map((frame) -> frame.path("id").asLong()).toList()).isSorted()
			.doesNotHaveDuplicates();
		assertThat(frames.getFirst().path("data").path("model").asString()).isEqualTo("local");
	}

	@Test
	void stopsTheAnswerAtOnceWhenTheClientCancels() {
		Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
		outbound.tryEmitNext(chat("slow", "Tell me everything about batteries"));
		List<JsonNode> frames = new CopyOnWriteArrayList<>();

		exchange(outbound.asFlux(), (frame) -> {
			frames.add(frame);
			if (frames.stream().filter((f) -> "delta".equals(f.path("event").asString())).count() == 2) {
				outbound.tryEmitNext("{\"type\":\"cancel\"}");
			}
			return "end".equals(frame.path("event").asString());
		});

		assertThat(frames.getLast().path("data").path("finishReason").asString()).isEqualTo("cancelled");
		assertThat(frames.stream().filter((f) -> "delta".equals(f.path("event").asString())).count()).isBetween(2L, 3L);
		assertThat(frames).noneMatch((f) -> "metrics".equals(f.path("event").asString()));
	}

	@Test
	void answersFramesItCannotUseWithProblemsAndStaysOpen() {
		List<JsonNode> frames = exchange(Flux.just("{not json",
				"{\"type\":\"chat\",\"request\":{\"model\":\"local\",\"messages\":[]}}",
				"{\"type\":\"chat\",\"request\":{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}}",
				chat("local", "Still there?")), (frame) -> "end".equals(frame.path("event").asString()));

		assertThat(frames.subList(0, 3))
			.allSatisfy((frame) -> assertThat(frame.path("event").asString()).isEqualTo("error"));
		assertThat(frames.get(0).path("data").path("problem").path("type").asString()).endsWith("/malformed-request");
		assertThat(frames.get(1).path("data").path("problem").path("detail").asString()).contains("request.messages");
		assertThat(frames.get(2).path("data").path("problem").path("status").asInt()).isEqualTo(404);
		assertThat(frames.getLast().path("event").asString()).isEqualTo("end");
	}

	@Test
	void pingsTheClientWhileTheSocketIsOpen() {
		List<WebSocketMessage.Type> types = new CopyOnWriteArrayList<>();
		var client = new ReactorNettyWebSocketClient(HttpClient.create(),
				() -> WebsocketClientSpec.builder().handlePing(true));

		client
			.execute(URI.create("ws://localhost:" + this.port + "/chat/ws"), TestTokens.headers(),
					(session) -> session.receive().doOnNext((message) -> types.add(message.getType())).take(3).then())
			.block(Duration.ofSeconds(10));

		assertThat(types).containsOnly(WebSocketMessage.Type.PING);
	}

	private List<JsonNode> exchange(Flux<String> outbound, java.util.function.Predicate<JsonNode> last) {
		List<JsonNode> frames = new CopyOnWriteArrayList<>();
		new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + this.port + "/chat/ws"), TestTokens.headers(),
					(session) -> session.send(outbound.map(session::textMessage))
						.and(session.receive()
							.map((message) -> this.json.readTree(message.getPayloadAsText()))
							.doOnNext(frames::add)
							.takeUntil(last)
							.then()))
			.timeout(Duration.ofSeconds(20))
			.onErrorResume((ex) -> Mono.empty())
			.block();
		return frames;
	}

	private static String chat(String model, String question) {
		return "{\"type\":\"chat\",\"request\":{\"model\":\"" + model
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}}";
	}

}
