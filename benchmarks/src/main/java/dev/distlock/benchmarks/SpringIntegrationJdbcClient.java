package dev.distlock.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Spring Integration's {@link JdbcLockRegistry} on a {@link DefaultLockRepository}, version from the Boot BOM, wired
 * as a Spring context would (a {@link DataSourceTransactionManager} on the pool), defaults otherwise (idle between
 * tries 100 ms). Its {@code INT_LOCK} table comes from the {@code schema-postgresql.sql} in its own jar, with a table
 * prefix of its own.
 */
final class SpringIntegrationJdbcClient implements LockClient {

	private static final String SCHEMA = "org/springframework/integration/jdbc/schema-postgresql.sql";

	private final BenchJdbc database;

	private final DefaultLockRepository repository;

	private final JdbcLockRegistry registry;

	SpringIntegrationJdbcClient(@Nullable JdbcCalls calls) {
		this.database = new BenchJdbc("si", calls);
		// The repository names its table <prefix>LOCK; unquoted, PostgreSQL folds that to lower case.
		String prefix = this.database.newName("si") + "_";
		this.database.dropOnClose(prefix + "lock");
		this.database.execute(lockTable().replace("INT_", prefix));
		this.repository = new DefaultLockRepository(this.database.dataSource());
		this.repository.setPrefix(prefix);
		this.repository.setTransactionManager(new DataSourceTransactionManager(this.database.dataSource()));
		this.repository.afterPropertiesSet();
		this.repository.afterSingletonsInstantiated();
		this.repository.start();
		this.registry = new JdbcLockRegistry(this.repository, Duration.ofMillis(LEASE_MILLIS));
	}

	// Only the lock table of the script, which also creates the message store's tables.
	private static String lockTable() {
		try (InputStream in = SpringIntegrationJdbcClient.class.getClassLoader().getResourceAsStream(SCHEMA)) {
			if (in == null) {
				throw new IllegalStateException(SCHEMA + " is not on the class path");
			}
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int start = script.indexOf("CREATE TABLE INT_LOCK ");
			if (start < 0) {
				throw new IllegalStateException(SCHEMA + " has no CREATE TABLE INT_LOCK");
			}
			return script.substring(start, script.indexOf(';', start) + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		Lock lock = this.registry.obtain(key);
		return lock.tryLock() ? lock : null;
	}

	@Override
	public @Nullable Object acquire(String key) throws InterruptedException {
		Lock lock = this.registry.obtain(key);
		return lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS) ? lock : null;
	}

	@Override
	public void release(Object token) {
		((Lock) token).unlock();
	}

	@Override
	public String describe() {
		return "JdbcLockRegistry on DefaultLockRepository with a DataSourceTransactionManager, defaults otherwise "
				+ "(idle between tries 100 ms), HikariCP " + BenchJdbc.POOL_SIZE + " connections";
	}

	@Override
	public void close() {
		try {
			this.repository.close();
		}
		finally {
			this.database.close();
		}
	}

}
