package dev.distlock.benchmarks;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * ShedLock's {@link JdbcTemplateLockProvider} with {@code usingDbTime()}, as its README configures it, on its
 * PostgreSQL table (the README's DDL) under a name of its own; {@code lockAtLeastFor} zero. It cannot wait.
 */
final class ShedLockJdbcClient implements LockClient {

	private static final Duration LEASE = Duration.ofMillis(LEASE_MILLIS);

	private final BenchJdbc database;

	private final JdbcTemplateLockProvider provider;

	ShedLockJdbcClient(@Nullable JdbcCalls calls) {
		this.database = new BenchJdbc("shedlock", calls);
		String table = this.database.newTable("shedlock");
		this.database.execute("CREATE TABLE " + table + " (name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL, "
				+ "locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
		this.provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(this.database.dataSource()))
			.withTableName(table)
			.usingDbTime()
			.build());
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		return this.provider.lock(new LockConfiguration(Instant.now(), key, LEASE, Duration.ZERO)).orElse(null);
	}

	@Override
	public @Nullable Object acquire(String key) {
		throw new UnsupportedOperationException("ShedLock does not wait for a lock");
	}

	@Override
	public void release(Object token) {
		((SimpleLock) token).unlock();
	}

	@Override
	public boolean canWait() {
		return false;
	}

	@Override
	public String describe() {
		return "shedlock-provider-jdbc-template JdbcTemplateLockProvider, usingDbTime(), lockAtLeastFor 0, HikariCP "
				+ BenchJdbc.POOL_SIZE + " connections";
	}

	@Override
	public void close() {
		this.database.close();
	}

}
