package io.streamflow.ingest.intake;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;

/**
 * camel-sql's statement preparation for the staging batches ({@code prepareStatementStrategy=#stagingStatements}),
 * without its per-row costs: the default strategy scans the query text with a regular expression for named
 * parameters once per row of a batch, and converts each row to an iterator through the type converter. The
 * staging upsert has positional parameters and its rows are lists (see RowChecker), so both are answered once
 * per query text and directly. Behaviour is otherwise the default one.
 */
public class StagingStatements extends DefaultSqlPrepareStatementStrategy {

    private final Map<String, Boolean> named = new ConcurrentHashMap<>();

    @Override
    protected boolean hasNamedParameters(String query) {
        return named.computeIfAbsent(query, super::hasNamedParameters);
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams, Exchange exchange,
                                              Object value) throws SQLException {
        if (value instanceof List<?> row && !hasNamedParameters(query)) {
            return row.iterator();
        }
        return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
    }
}
