package banyan.llm.chat;

import java.util.List;

import banyan.llm.catalog.Model;
import banyan.llm.identity.Caller;
import banyan.llm.provider.ChatRequest;
import banyan.llm.tool.Tool;

/**
 * One chat request, resolved once ({@link ChatPipeline#resolve}) before its stream
 * starts, on its way through the stages of the pipeline. A stage that changes what the
 * model is asked (history, retrieved sources, tool results) passes a copy
 * {@link #withRequest with the new request} on; the copy shares the answer.
 *
 * @param caller who asks, from the verified access token
 * @param model the model the caller may use, with its targets and prices
 * @param request what the model is asked, its {@code model} still the alias
 * @param tools the server-side tools offered to the model; empty for none
 * @param answer what is known of the answer while it streams
 */
public record ChatExchange(Caller caller, Model model, ChatRequest request, List<Tool> tools, Answer answer) {

	public ChatExchange {
		tools = List.copyOf(tools);
	}

	/** The same exchange asking the model {@code request} instead. */
	public ChatExchange withRequest(ChatRequest request) {
		return new ChatExchange(this.caller, this.model, request, this.tools, this.answer);
	}

}
