package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.test.redis.TestRedis;

/**
 * Mutual exclusion across clients that share nothing but Redis: two connection factories in this JVM and a third
 * in a forked JVM, several threads each, all incrementing one Redis counter with a non-atomic read and write under
 * one lock. Every increment must survive, and every critical section's fencing token must be greater than the one
 * before it.
 */
class RedisCrossClientExclusionTests {

	private static final int THREADS_PER_CLIENT = 3;

	private static final int ITERATIONS = 80;

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private String url;

	private String namespace;

	private String lockKey;

	private String counterKey;

	private RedisLockAdapterSettings settings;

	@BeforeEach
	void setUp() {
		this.url = TestRedis.endpoint().url();
		this.namespace = "distlock-test-exclusion-" + UUID.randomUUID();
		this.lockKey = "counter-lock";
		this.counterKey = "distlock-test:counter:" + UUID.randomUUID();
		this.settings = RedisLockAdapterSettings.defaults();
	}

	@AfterEach
	void tearDown() throws Exception {
		LettuceConnectionFactory cleanup = RedisTestConnections.connect(this.url);
		try {
			new StringRedisTemplate(cleanup).delete(List.of(this.counterKey,
					Namespace.of(this.namespace).qualify(this.lockKey), CounterWorkers.lastTokenKey(this.counterKey),
					CounterWorkers.violationsKey(this.counterKey), CounterWorkers.tokensKey(this.counterKey)));
		}
		finally {
			cleanup.destroy();
		}
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void twoConnectionFactoriesAndASecondJvmNeverHoldTheLockTogether() throws Exception {
		Process otherJvm = forkWorkerJvm();
		BufferedReader otherOutput = new BufferedReader(
				new InputStreamReader(otherJvm.getInputStream(), StandardCharsets.UTF_8));
		List<String> otherLines = new CopyOnWriteArrayList<>();
		CompletableFuture<Boolean> otherReady = new CompletableFuture<>();
		Thread reader = new Thread(() -> otherOutput.lines().forEach((line) -> {
			otherLines.add(line);
			if (line.equals("ready")) {
				otherReady.complete(true);
			}
		}));
		reader.setDaemon(true);
		reader.start();
		assertThat(otherReady.get(60, TimeUnit.SECONDS)).as("second JVM ready; its output: %s", otherLines).isTrue();

		CompletableFuture<Void> first = client();
		CompletableFuture<Void> second = client();
		try (OutputStream go = otherJvm.getOutputStream()) {
			go.write("go\n".getBytes(StandardCharsets.UTF_8));
		}
		first.get(2, TimeUnit.MINUTES);
		second.get(2, TimeUnit.MINUTES);
		assertThat(otherJvm.waitFor(2, TimeUnit.MINUTES)).as("second JVM finished").isTrue();
		assertThat(otherJvm.exitValue()).as("second JVM's exit code; its output: %s", otherLines).isZero();

		LettuceConnectionFactory reading = connect();
		StringRedisTemplate redis = new StringRedisTemplate(reading);
		int sections = 3 * THREADS_PER_CLIENT * ITERATIONS;
		assertThat(redis.opsForValue().get(this.counterKey)).isEqualTo(Integer.toString(sections));
		assertThat(redis.opsForValue().get(CounterWorkers.violationsKey(this.counterKey))).as("fencing violations")
			.isNull();
		List<Long> tokens = redis.opsForList()
			.range(CounterWorkers.tokensKey(this.counterKey), 0, -1)
			.stream()
			.map(Long::valueOf)
			.toList();
		assertThat(tokens).hasSize(sections).isSorted().doesNotHaveDuplicates();
	}

	// One independent client: its own connection factory, adapter and provider, its own threads.
	private CompletableFuture<Void> client() {
		LettuceConnectionFactory connectionFactory = connect();
		RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory, this.settings);
		this.resources.add(0, adapter);
		LockProvider provider = LockProvider.builder(adapter).namespace(Namespace.of(this.namespace)).build();
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		return CompletableFuture.runAsync(() -> {
			try {
				CounterWorkers.run(provider, redis, this.lockKey, this.counterKey, THREADS_PER_CLIENT, ITERATIONS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(this.url);
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

	private Process forkWorkerJvm() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				CounterWorkerMain.class.getName(), this.url, this.namespace, this.lockKey, this.counterKey,
				Integer.toString(THREADS_PER_CLIENT), Integer.toString(ITERATIONS))
			.redirectErrorStream(true)
			.start();
		this.resources.add(() -> {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		});
		return process;
	}

}
