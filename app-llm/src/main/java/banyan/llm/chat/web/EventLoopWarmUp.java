package banyan.llm.chat.web;

import java.util.List;

import banyan.contracts.problem.OpenAiError;
import banyan.contracts.problem.Problem;
import banyan.contracts.stream.StreamEvent;
import banyan.contracts.usage.UsageReport;
import banyan.llm.openai.ChatCompletion;
import banyan.llm.openai.ChatCompletionChunk;
import banyan.llm.openai.ChatCompletionRequest;
import banyan.llm.openai.ModelList;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Does at start what the first requests would otherwise do on an event-loop thread, where
 * it may block: the validator reads its message bundles from a jar, and Jackson builds
 * (under a lock that concurrent first requests queue on) the readers and writers of the
 * API's types.
 */
@Component
class EventLoopWarmUp {

	EventLoopWarmUp(Validator validator, JsonMapper json) {
		validator.validate(new ChatStreamRequest("", List.of(), -1, null, null, null));
		for (Class<?> read : List.of(ChatCompletionRequest.class, ChatStreamRequest.class)) {
			json.readerFor(read);
		}
		for (Class<?> written : List.of(ChatCompletion.class, ChatCompletionChunk.class, OpenAiError.class,
				ModelList.class, StreamEvent.class, Problem.class, UsageReport.class, java.util.Map.class,
				java.util.List.class)) {
			json.writerFor(written);
		}
	}

}
