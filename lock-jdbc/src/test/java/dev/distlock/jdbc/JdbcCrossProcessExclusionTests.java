package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

import dev.distlock.LockProvider;
import dev.distlock.Namespace;

/**
 * Mutual exclusion across processes that share nothing but the database: this JVM and a forked one, four threads
 * each, all incrementing one counter row with a non-atomic read and write under one lock. Every increment must
 * survive, and every critical section's fencing token must be greater than the one before it.
 */
class JdbcCrossProcessExclusionTests {

	private static final int THREADS_PER_JVM = 4;

	private static final int ITERATIONS = 40;

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = { "POSTGRESQL", "MARIADB" })
	void twoJvmsOfFourThreadsEachNeverHoldTheLockTogether(JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String counter = JdbcCounterWorkers.createCounterTable(table);
		String namespace = "distlock-test-exclusion-" + UUID.randomUUID();
		Process otherJvm = forkWorkerJvm(table, counter, namespace);
		List<String> otherLines = new CopyOnWriteArrayList<>();
		CompletableFuture<Boolean> otherReady = new CompletableFuture<>();
		BufferedReader otherOutput = new BufferedReader(
				new InputStreamReader(otherJvm.getInputStream(), StandardCharsets.UTF_8));
		Thread reader = new Thread(() -> otherOutput.lines().forEach((line) -> {
			otherLines.add(line);
			if (line.equals("ready")) {
				otherReady.complete(true);
			}
		}));
		reader.setDaemon(true);
		reader.start();

		HikariDataSource pool = table.newPool((config) -> config.setMaximumPoolSize(THREADS_PER_JVM + 2));
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(pool, table.settings()));
		LockProvider provider = this.resources.add(
				LockProvider.builder(adapter).namespace(Namespace.of(namespace)).build());
		assertThat(otherReady.get(60, TimeUnit.SECONDS)).as("second JVM ready; its output: %s", otherLines).isTrue();
		try (OutputStream go = otherJvm.getOutputStream()) {
			go.write("go\n".getBytes(StandardCharsets.UTF_8));
		}
		JdbcCounterWorkers.run(provider, new JdbcTemplate(pool), counter, THREADS_PER_JVM, ITERATIONS);
		assertThat(otherJvm.waitFor(2, TimeUnit.MINUTES)).as("second JVM finished").isTrue();
		assertThat(otherJvm.exitValue()).as("second JVM's exit code; its output: %s", otherLines).isZero();

		Map<String, Object> row = table.jdbc()
			.queryForMap("SELECT counter_value, violations FROM " + counter + " WHERE id = 1");
		assertThat(((Number) row.get("counter_value")).longValue()).as("increments")
			.isEqualTo(2L * THREADS_PER_JVM * ITERATIONS);
		assertThat(((Number) row.get("violations")).intValue()).as("fencing violations").isZero();
	}

	private Process forkWorkerJvm(LockTable table, String counter, String namespace) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				JdbcCounterWorkerMain.class.getName(), table.dialect().name(), table.jdbcUrl(), table.username(),
				table.name(), counter, namespace, Integer.toString(THREADS_PER_JVM), Integer.toString(ITERATIONS))
			.redirectErrorStream(true);
		builder.environment().put(JdbcCounterWorkerMain.PASSWORD_VARIABLE, table.password());
		Process process = builder.start();
		this.resources.add(() -> {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		});
		return process;
	}

}
