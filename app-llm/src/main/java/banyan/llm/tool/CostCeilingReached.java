package banyan.llm.tool;

import java.math.BigDecimal;

/**
 * A request with tools spent its cost ceiling before the model had answered.
 */
public class CostCeilingReached extends RuntimeException {

	public CostCeilingReached(BigDecimal ceiling) {
		super("The request reached its cost ceiling of " + ceiling.toPlainString()
				+ " before the model finished answering; no further model call was made.", null, false, false);
	}

}
