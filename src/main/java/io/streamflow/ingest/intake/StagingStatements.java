package io.streamflow.ingest.intake;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * camel-sql's statement preparation for the staging batches ({@code prepareStatementStrategy=#stagingStatements}),
 * without its per-row costs: the default strategy scans the query text with a regular expression for named
 * parameters once per row of a batch, and converts each row to an iterator through the type converter. The
 * staging upsert has positional parameters and its rows are lists (see RowChecker), so both are answered once
 * per query text and directly. A list row's values are bound straight to the statement: decimals as their
 * plain text, untyped, for PostgreSQL to read into the NUMERIC column (pgjdbc's binary encoding of a
 * BigDecimal divides a BigInteger for every four digits, costlier than the insert itself); typed NULLs with
 * their type; anything else with setObject. Other statements get the default behaviour.
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
            return new Row(row);
        }
        return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
    }

    @Override
    public void populateStatement(PreparedStatement ps, Iterator<?> iterator, int expectedParams) throws SQLException {
        if (!(iterator instanceof Row row)) {
            super.populateStatement(ps, iterator, expectedParams);
            return;
        }
        List<?> values = row.values;
        if (values.size() != expectedParams) {
            throw new SQLException("Number of parameters mismatch. Expected: " + expectedParams + ", was: " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof SqlParameterValue typed && typed.getValue() == null) {
                ps.setNull(i + 1, typed.getSqlType());
            } else if (value instanceof BigDecimal decimal) {
                ps.setObject(i + 1, decimal.toPlainString(), Types.OTHER);
            } else {
                ps.setObject(i + 1, value instanceof SqlParameterValue typed ? typed.getValue() : value);
            }
        }
    }

    /** The values of one list row, marked as such for {@link #populateStatement}. */
    private static final class Row implements Iterator<Object> {
        private final List<?> values;
        private int next;

        private Row(List<?> values) {
            this.values = values;
        }

        @Override
        public boolean hasNext() {
            return next < values.size();
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return values.get(next++);
        }
    }
}
