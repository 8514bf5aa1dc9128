package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;

/**
 * Semaphores and read-write locks across processes that share nothing but the database: this JVM and a forked
 * one, four threads each, never hold more than two slots of a semaphore of limit 2 at once, and never write beside
 * another read or write hold; and the slot of a JVM killed while holding it ({@code kill -9}: no release, no
 * shutdown hook) comes back when its TTL ends.
 */
class JdbcLeaseCrossProcessTests {

	private static final int THREADS_PER_JVM = 4;

	private static final int ITERATIONS = 15;

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = { "POSTGRESQL", "MARIADB" })
	void twoJvmsOfFourThreadsEachNeverHoldMoreSlotsThanTheLimit(JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String holders = JdbcSemaphoreWorkers.createHoldersTable(table);
		String namespace = "distlock-test-semaphore-" + UUID.randomUUID();
		Worker other = fork("limit", table, holders, namespace);

		HikariDataSource pool = table.newPool((config) -> config.setMaximumPoolSize(THREADS_PER_JVM + 2));
		SemaphoreProvider provider = this.resources.add(SemaphoreProvider.create(
				new JdbcSemaphoreAdapter(pool, table.settings()), (builder) -> builder.namespace(Namespace.of(namespace))));
		other.awaitReady();
		try (OutputStream go = other.process().getOutputStream()) {
			go.write("go\n".getBytes(StandardCharsets.UTF_8));
		}
		JdbcSemaphoreWorkers.run(provider, new JdbcTemplate(pool), holders, THREADS_PER_JVM, ITERATIONS);
		assertThat(other.process().waitFor(3, TimeUnit.MINUTES)).as("second JVM finished").isTrue();
		assertThat(other.process().exitValue()).as("second JVM's exit code; its output: %s", other.lines()).isZero();

		Map<String, Object> row = table.jdbc()
			.queryForMap("SELECT holders, max_holders, completed FROM " + holders + " WHERE id = 1");
		assertThat(((Number) row.get("completed")).intValue()).as("slots taken and left")
			.isEqualTo(2 * THREADS_PER_JVM * ITERATIONS);
		assertThat(((Number) row.get("holders")).intValue()).as("holders at the end").isZero();
		// At most the limit; and the limit reached, or the test could not have seen more.
		assertThat(((Number) row.get("max_holders")).intValue()).as("most holders at once")
			.isEqualTo(JdbcSemaphoreWorkers.LIMIT);
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = { "POSTGRESQL", "MARIADB" })
	void twoJvmsOfFourThreadsEachNeverWriteBesideAnotherHold(JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String counter = JdbcCounterWorkers.createCounterTable(table);
		String namespace = "distlock-test-read-write-" + UUID.randomUUID();
		Worker other = fork("rw", table, counter, namespace);

		HikariDataSource pool = table.newPool((config) -> config.setMaximumPoolSize(THREADS_PER_JVM + 2));
		ReadWriteLockProvider provider = this.resources.add(ReadWriteLockProvider.create(
				new JdbcReadWriteLockAdapter(pool, table.settings()),
				(builder) -> builder.namespace(Namespace.of(namespace))));
		other.awaitReady();
		try (OutputStream go = other.process().getOutputStream()) {
			go.write("go\n".getBytes(StandardCharsets.UTF_8));
		}
		JdbcReadWriteWorkers.run(provider, new JdbcTemplate(pool), counter, THREADS_PER_JVM, ITERATIONS);
		assertThat(other.process().waitFor(3, TimeUnit.MINUTES)).as("second JVM finished").isTrue();
		assertThat(other.process().exitValue()).as("second JVM's exit code; its output: %s", other.lines()).isZero();

		Map<String, Object> row = table.jdbc()
			.queryForMap("SELECT counter_value, violations FROM " + counter + " WHERE id = 1");
		assertThat(((Number) row.get("counter_value")).longValue()).as("increments")
			.isEqualTo(2L * JdbcReadWriteWorkers.writes(THREADS_PER_JVM, ITERATIONS));
		assertThat(((Number) row.get("violations")).intValue()).as("reads changed under them, fencing violations")
			.isZero();
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = { "POSTGRESQL", "MARIADB" })
	void theSlotOfAKilledJvmComesBackWhenItsTtlEnds(JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String namespace = "distlock-test-semaphore-crash-" + UUID.randomUUID();
		Worker crashing = fork("crash", table, "none", namespace);
		SemaphoreProvider provider = this.resources.add(SemaphoreProvider.create(
				new JdbcSemaphoreAdapter(table.dataSource(), table.settings()),
				(builder) -> builder.namespace(Namespace.of(namespace))));
		Semaphore semaphore = provider.create(JdbcLeaseWorkerMain.CRASH_KEY, 1,
				LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		crashing.awaitReady();
		assertThat(semaphore.acquire()).as("the slot, while the other JVM holds it").isFalse();
		assertThat(semaphore.getState().held()).as("slots held").isEqualTo(1);

		long killedAt = System.nanoTime();
		crashing.process().destroyForcibly();
		assertThat(crashing.process().waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();

		Duration ttl = Duration.ofMillis(JdbcLeaseWorkerMain.CRASH_TTL_MILLIS);
		await().atMost(ttl.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).until(semaphore::acquire);
		assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("time from the kill to the slot")
			.isLessThan(ttl.plusSeconds(3));
		assertThat(semaphore.release()).isTrue();
	}

	private Worker fork(String mode, LockTable table, String holders, String namespace) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				JdbcLeaseWorkerMain.class.getName(), mode, table.dialect().name(), table.jdbcUrl(), table.username(),
				table.name(), holders, namespace, Integer.toString(THREADS_PER_JVM), Integer.toString(ITERATIONS))
			.redirectErrorStream(true);
		builder.environment().put(JdbcCounterWorkerMain.PASSWORD_VARIABLE, table.password());
		Process process = builder.start();
		this.resources.add(() -> {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		});
		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<Boolean> ready = new CompletableFuture<>();
		BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		Thread reader = new Thread(() -> output.lines().forEach((line) -> {
			lines.add(line);
			if (line.equals("ready")) {
				ready.complete(true);
			}
		}));
		reader.setDaemon(true);
		reader.start();
		return new Worker(process, lines, ready);
	}

	private record Worker(Process process, List<String> lines, CompletableFuture<Boolean> ready) {

		void awaitReady() throws Exception {
			assertThat(this.ready.get(60, TimeUnit.SECONDS)).as("second JVM ready; its output: %s", this.lines).isTrue();
		}

	}

}
