package banyan.llm.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code GET /v1/models}.
 *
 * @param object always {@code list}
 * @param data the models
 */
public record ModelList(String object, List<Model> data) {

	public static ModelList of(List<Model> models) {
		return new ModelList("list", models);
	}

	/**
	 * One model.
	 *
	 * @param id the id clients send as {@code model}
	 * @param object always {@code model}
	 * @param created seconds since the epoch
	 * @param ownedBy who provides it
	 */
	public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {

		public static Model of(String id, long created, String ownedBy) {
			return new Model(id, "model", created, ownedBy);
		}

	}

}
