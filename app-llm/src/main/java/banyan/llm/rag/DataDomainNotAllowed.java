package banyan.llm.rag;

import banyan.llm.problem.KnownFailure;

/** The caller's key may not write documents to the data domain. */
public final class DataDomainNotAllowed extends KnownFailure {

	DataDomainNotAllowed(String dataDomain) {
		super(Kind.FORBIDDEN, "The key may not write to the data domain '" + dataDomain + "'.");
	}

}
