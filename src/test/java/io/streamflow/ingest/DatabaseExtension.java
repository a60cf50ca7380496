package io.streamflow.ingest;

import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The throw-away database of the database tests. A {@link TestDatabase} parameter of a test, {@code @BeforeEach} or
 * {@code @AfterEach} method is that test's own database, created on first use and dropped once the test and its
 * {@code @AfterEach} methods are done. One of a {@code @BeforeAll} or {@code @AfterAll} method is the class's, dropped
 * after the class; its tests still get their own. A test that needs a second database calls
 * {@link TestDatabase#create()} itself.
 */
public final class DatabaseExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // keyed by the context, not by type: a store finds its parents' values, and a test must not get its class's
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(), key -> Dropped.create(),
                Dropped.class).db();
    }

    /** A database the store drops when its test or class is done. */
    private record Dropped(TestDatabase db) implements CloseableResource {

        static Dropped create() {
            try {
                return new Dropped(TestDatabase.create());
            } catch (Exception e) {
                throw new IllegalStateException("no test database: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }
}
