package banyan.llm.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Deliberately breaks the rule that JDBC stays off the reactive path.
 */
public class QueriesWithJdbc {

	boolean valid(Connection connection) throws SQLException {
		return connection.isValid(1);
	}

}
