package dev.distlock.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts and times what a library asks of JDBC, on the client, like {@code INFO commandstats} does for Redis: each
 * statement executed (by its first SQL word: {@code WITH}, {@code INSERT}, {@code UPDATE}, {@code DELETE},
 * {@code SELECT}), each {@code commit} and {@code rollback}, each {@code getTransactionIsolation} and
 * {@code setTransactionIsolation} (each a round trip on PostgreSQL's driver), and each connection taken from the pool
 * ({@code getConnection}, not a round trip). The time is from the call to its return, on the calling thread.
 *
 * <p>A dynamic proxy around the connection and its statements: a few reflective calls per statement, against a round
 * trip of 50 µs or more, the same for every library. The JMH measurements run without it.
 */
final class JdbcCalls {

	/** The calls that are a round trip each with PostgreSQL's driver (statements are counted by their first word). */
	static final Set<String> CONNECTION_ROUND_TRIPS = Set.of("commit", "rollback", "getTransactionIsolation",
			"setTransactionIsolation");

	/** The pool checkout, counted and timed but not a round trip. */
	static final String GET_CONNECTION = "getConnection";

	private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, LongAdder> nanos = new ConcurrentHashMap<>();

	/** Calls per label since this was created. */
	Map<String, Long> counts() {
		return snapshot(this.counts);
	}

	/** Nanoseconds per label since this was created. */
	Map<String, Long> nanos() {
		return snapshot(this.nanos);
	}

	private static Map<String, Long> snapshot(Map<String, LongAdder> adders) {
		Map<String, Long> snapshot = new TreeMap<>();
		adders.forEach((label, adder) -> snapshot.put(label, adder.sum()));
		return snapshot;
	}

	/** Whether a label counts as a round trip to the database. */
	static boolean isRoundTrip(String label) {
		return !label.equals(GET_CONNECTION);
	}

	/**
	 * The pool as the library sees it: every connection and statement counted.
	 * @param dataSource the pool
	 * @return the counting data source
	 */
	DataSource wrap(DataSource dataSource) {
		return new DelegatingDataSource(dataSource) {

			@Override
			public Connection getConnection() throws java.sql.SQLException {
				long start = System.nanoTime();
				Connection connection = obtainTargetDataSource().getConnection();
				record(GET_CONNECTION, start);
				return connection(connection);
			}

		};
	}

	private void record(String label, long start) {
		long elapsed = System.nanoTime() - start;
		this.counts.computeIfAbsent(label, (k) -> new LongAdder()).increment();
		this.nanos.computeIfAbsent(label, (k) -> new LongAdder()).add(elapsed);
	}

	private Connection connection(Connection target) {
		return (Connection) Proxy.newProxyInstance(JdbcCalls.class.getClassLoader(), new Class<?>[] { Connection.class },
				new Handler(target, null));
	}

	private static String label(@Nullable String sql) {
		if (sql == null) {
			return "statement";
		}
		String trimmed = sql.stripLeading();
		int end = 0;
		while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
			end++;
		}
		return (end == 0) ? "statement" : trimmed.substring(0, end).toUpperCase(Locale.ROOT);
	}

	/** One proxy per connection or statement; {@code sql} is the prepared statement's. */
	private final class Handler implements InvocationHandler {

		private final Object target;

		private final @Nullable String sql;

		Handler(Object target, @Nullable String sql) {
			this.target = target;
			this.sql = sql;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			String name = method.getName();
			if (name.equals("equals") && args != null && args.length == 1) {
				return proxy == args[0];
			}
			if (name.equals("hashCode") && args == null) {
				return System.identityHashCode(proxy);
			}
			String timed = null;
			if (this.target instanceof Statement && name.startsWith("execute")) {
				timed = label((args != null && args.length > 0 && args[0] instanceof String text) ? text : this.sql);
			}
			else if (this.target instanceof Connection && CONNECTION_ROUND_TRIPS.contains(name)) {
				timed = name;
			}
			long start = System.nanoTime();
			Object result;
			try {
				result = method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (timed != null) {
				record(timed, start);
			}
			if (this.target instanceof Connection && result != null) {
				String text = (args != null && args.length > 0 && args[0] instanceof String s) ? s : null;
				if (result instanceof CallableStatement) {
					return statement(CallableStatement.class, result, text);
				}
				if (result instanceof PreparedStatement) {
					return statement(PreparedStatement.class, result, text);
				}
				if (result instanceof Statement) {
					return statement(Statement.class, result, null);
				}
			}
			return result;
		}

		private Object statement(Class<?> type, Object statement, @Nullable String text) {
			return Proxy.newProxyInstance(JdbcCalls.class.getClassLoader(), new Class<?>[] { type },
					new Handler(statement, text));
		}

	}

}
