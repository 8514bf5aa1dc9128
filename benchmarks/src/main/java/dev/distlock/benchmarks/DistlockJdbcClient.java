package dev.distlock.benchmarks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.jdbc.JdbcLockAdapterSettings;

/**
 * distlock on PostgreSQL as the README shows it: one {@link JdbcLockAdapter} on the application's pool, one provider,
 * a fresh {@link Lock} per use, the lock table created from the adapter's own schema script under a name of its own.
 * The diagnostic variant {@code NO_NOTIFY} turns PostgreSQL's {@code NOTIFY} on release off: that is what wakes the
 * waiters of other JVMs (this JVM's are woken directly either way), so the difference is what announcing costs.
 */
final class DistlockJdbcClient implements LockClient {

	private static final Duration TTL = Duration.ofMillis(LEASE_MILLIS);

	private static final LockSettings SETTINGS = LockSettings.defaults().withTtl(TTL);

	// The default interval (1 s): waiters are woken by the release, the interval is only the backstop.
	private static final BlockingSettings BLOCKING = BlockingSettings.DEFAULTS.withWaitTime(Duration.ofMillis(WAIT_MILLIS));

	private final BenchJdbc database;

	private final JdbcLockAdapter adapter;

	private final LockProvider provider;

	private final Variant variant;

	enum Variant {
		AS_SHIPPED, NO_NOTIFY
	}

	DistlockJdbcClient(@Nullable JdbcCalls calls, Variant variant) {
		this.variant = variant;
		this.database = new BenchJdbc("distlock", calls);
		String table = this.database.newTable("distlock");
		this.database.execute(JdbcDialect.POSTGRESQL.schemaScript(table));
		JdbcLockAdapterSettings settings = JdbcLockAdapterSettings.defaults()
			.withTableName(table)
			.withNotifications(variant != Variant.NO_NOTIFY);
		this.adapter = new JdbcLockAdapter(this.database.dataSource(), settings);
		this.adapter.checkSchema();
		this.provider = LockProvider.builder(this.adapter).build();
		if (this.adapter.wakesAcrossProcesses()) {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!this.adapter.isListening()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("distlock's LISTEN connection did not start");
				}
				Thread.onSpinWait();
			}
		}
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		Lock lock = this.provider.create(key, SETTINGS);
		return lock.acquire() ? lock : null;
	}

	@Override
	public @Nullable Object acquire(String key) {
		Lock lock = this.provider.create(key, SETTINGS);
		return lock.acquireBlocking(BLOCKING) ? lock : null;
	}

	@Override
	public void release(Object token) {
		if (!((Lock) token).release()) {
			throw new IllegalStateException("release failed: " + token);
		}
	}

	@Override
	public String describe() {
		String pool = "HikariCP " + BenchJdbc.POOL_SIZE + " connections";
		return switch (this.variant) {
			case AS_SHIPPED -> "JdbcLockAdapter defaults (NOTIFY on contended releases, one LISTEN connection, query timeout 2 s), "
					+ "LockProvider defaults (random UUID owners, local events), " + pool;
			case NO_NOTIFY -> "diagnostic: as shipped, but notifications off (no pg_notify on release, no LISTEN "
					+ "connection)";
		};
	}

	@Override
	public void close() {
		try {
			this.provider.close();
			this.adapter.close();
		}
		finally {
			this.database.close();
		}
	}

}
