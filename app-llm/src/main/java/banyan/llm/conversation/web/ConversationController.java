package banyan.llm.conversation.web;

import java.util.UUID;

import banyan.llm.conversation.Conversation;
import banyan.llm.conversation.Conversations;
import banyan.llm.identity.Caller;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reading and forgetting the conversations that {@code /chat/stream} keeps, each tenant
 * its own: another tenant's conversation is not found.
 */
@RestController
class ConversationController {

	private final Conversations conversations;

	ConversationController(Conversations conversations) {
		this.conversations = conversations;
	}

	@GetMapping("/chat/conversations/{id}")
	Mono<Conversation> conversation(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
		return this.conversations.find(caller.tenant(), id).map((found) -> found.orElseThrow(() -> notFound(id)));
	}

	@DeleteMapping("/chat/conversations/{id}")
	Mono<ResponseEntity<Void>> forget(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
		return this.conversations.delete(caller.tenant(), id).map((deleted) -> {
			if (!deleted) {
				throw notFound(id);
			}
			return ResponseEntity.noContent().build();
		});
	}

	private static ResponseStatusException notFound(UUID id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no conversation " + id + ".");
	}

}
