package banyan.llm.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import banyan.llm.catalog.Model;
import banyan.llm.provider.ChatRequest;
import banyan.llm.provider.Message;
import banyan.llm.provider.TokenCounter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Keeps conversations in PostgreSQL, without blocking: the history of a conversation
 * joins each new request, trimmed to the model's context window, and a completed answer
 * is stored with the turn that asked for it.
 */
@Service
public class Conversations {

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final TokenCounter tokens;

	Conversations(DatabaseClient database, TransactionalOperator transactions, TokenCounter tokens) {
		this.database = database;
		this.transactions = transactions;
		this.tokens = tokens;
	}

	/**
	 * The tenant's conversation, or empty if the tenant stored nothing under that id.
	 */
	public Mono<Optional<Conversation>> find(String tenant, UUID id) {
		Mono<Conversation> conversation = this.database
			.sql("select model, created_at, updated_at from conversations where tenant = :tenant and id = :id")
			.bind("tenant", tenant)
			.bind("id", id)
			.map((row, meta) -> new Conversation(id, row.get("model", String.class),
					row.get("created_at", Instant.class), row.get("updated_at", Instant.class), List.of()))
			.one();
		return conversation
			.flatMap((found) -> messages(tenant, id).collectList()
				.map((messages) -> new Conversation(id, found.model(), found.createdAt(), found.updatedAt(), messages)))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * The request with the conversation's history before its messages, as much as fits
	 * the model's context window. Fails with {@link TurnTooLong} if the request's own
	 * messages do not fit.
	 */
	public Mono<ChatRequest> withHistory(String tenant, UUID id, Model model, ChatRequest request) {
		return messages(tenant, id).collectList()
			.map((history) -> new ChatRequest(request.model(),
					ContextBudget.fit(model, history, request.messages(), request.maxOutputTokens(), this.tokens),
					request.maxOutputTokens(), request.temperature(), request.passThrough()));
	}

	/**
	 * Stores a turn and its answer in the tenant's conversation, creating it on its first
	 * answer.
	 */
	public Mono<Void> append(String tenant, UUID id, String model, List<Message> turn, String answer) {
		Mono<Void> upsert = this.database.sql("""
				insert into conversations (tenant, id, model) values (:tenant, :id, :model)
				on conflict (tenant, id) do update set model = excluded.model, updated_at = now()""")
			.bind("tenant", tenant)
			.bind("id", id)
			.bind("model", model)
			.then();
		Flux<Void> inserts = Flux
			.concat(turn.stream().map((message) -> insert(tenant, id, message.role().value(), message.text())).toList())
			.concatWith(insert(tenant, id, "assistant", answer));
		return upsert.thenMany(inserts).then().as(this.transactions::transactional);
	}

	/** Forgets one of the tenant's conversations; whether there was one. */
	public Mono<Boolean> delete(String tenant, UUID id) {
		return this.database.sql("delete from conversations where tenant = :tenant and id = :id")
			.bind("tenant", tenant)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	private Flux<StoredMessage> messages(String tenant, UUID id) {
		return this.database.sql("""
				select role, content, tokens, created_at from conversation_messages
				where tenant = :tenant and conversation_id = :id order by id""")
			.bind("tenant", tenant)
			.bind("id", id)
			.map((row, meta) -> new StoredMessage(row.get("role", String.class), row.get("content", String.class),
					row.get("tokens", Integer.class), row.get("created_at", Instant.class)))
			.all();
	}

	private Mono<Void> insert(String tenant, UUID id, String role, String content) {
		return this.database.sql("""
				insert into conversation_messages (tenant, conversation_id, role, content, tokens)
				values (:tenant, :id, :role, :content, :tokens)""")
			.bind("tenant", tenant)
			.bind("id", id)
			.bind("role", role)
			.bind("content", content)
			.bind("tokens", this.tokens.count(content))
			.then();
	}

}
