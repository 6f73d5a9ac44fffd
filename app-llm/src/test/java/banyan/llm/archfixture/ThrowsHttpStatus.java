package banyan.llm.archfixture;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Deliberately breaks the rule that only the web layer decides a failure's status.
 */
public class ThrowsHttpStatus {

	void refuse() {
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "refused");
	}

}
