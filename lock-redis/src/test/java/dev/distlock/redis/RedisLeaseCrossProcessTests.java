package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

import dev.distlock.Lease;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.test.redis.TestRedis;

/**
 * Semaphores and read-write locks across processes that share nothing but Redis: this JVM and a forked one, several
 * threads each, hammering one semaphore of limit 2 (never more than two holders at once, counted in Redis) or one
 * read-write lock (never a writer beside anyone); and a forked JVM killed with {@code kill -9} while it holds a slot or
 * the write hold, whose lease comes back when its TTL ends.
 */
class RedisLeaseCrossProcessTests {

	private static final int THREADS = 3;

	private static final int ITERATIONS = 40;

	private static final Duration CRASH_TTL = Duration.ofSeconds(2);

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private String url;

	private String namespace;

	private String counterKey;

	private StringRedisTemplate redis;

	@BeforeEach
	void setUp() {
		this.url = TestRedis.endpoint().url();
		this.namespace = "distlock-test-lease-" + UUID.randomUUID();
		this.counterKey = "distlock-test:lease-counter:" + UUID.randomUUID();
		this.redis = new StringRedisTemplate(connect());
	}

	@AfterEach
	void tearDown() throws Exception {
		this.redis.delete(LeaseWorkers.allKeys(this.counterKey));
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aSemaphoreOfLimitTwoNeverHasMoreThanTwoHoldersAcrossTwoJvms() throws Exception {
		Forked other = fork("semaphore", "hammered", this.counterKey, Integer.toString(THREADS),
				Integer.toString(ITERATIONS));
		other.awaitReady();
		RedisSemaphoreAdapter adapter = new RedisSemaphoreAdapter(connect());
		this.resources.add(0, adapter);
		SemaphoreProvider semaphores = SemaphoreProvider.create(adapter,
				(builder) -> builder.namespace(Namespace.of(this.namespace)));
		StringRedisTemplate redis = this.redis;
		CompletableFuture<Void> here = CompletableFuture.runAsync(() -> {
			try {
				LeaseWorkers.runSemaphore(semaphores, redis, "hammered", this.counterKey, THREADS, ITERATIONS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		other.go();
		here.get(3, TimeUnit.MINUTES);
		other.awaitSuccess();

		List<Integer> seen = this.redis.opsForList()
			.range(LeaseWorkers.holdersKey(this.counterKey), 0, -1)
			.stream()
			.map(Integer::valueOf)
			.toList();
		assertThat(seen).hasSize(2 * THREADS * ITERATIONS);
		assertThat(seen).as("holders seen on entry").allSatisfy((inside) -> assertThat(inside).isBetween(1, 2));
		// The limit was used: two holders at once did happen, so the check above could have failed.
		assertThat(seen).contains(2);
		assertThat(this.redis.opsForValue().get(LeaseWorkers.insideKey(this.counterKey))).isEqualTo("0");
	}

	@Test
	void aReadWriteLockNeverHasAWriterBesideAnyoneAcrossTwoJvms() throws Exception {
		Forked other = fork("read-write", "hammered", this.counterKey, Integer.toString(THREADS),
				Integer.toString(ITERATIONS));
		other.awaitReady();
		RedisReadWriteLockAdapter adapter = new RedisReadWriteLockAdapter(connect());
		this.resources.add(0, adapter);
		ReadWriteLockProvider locks = ReadWriteLockProvider.create(adapter,
				(builder) -> builder.namespace(Namespace.of(this.namespace)));
		StringRedisTemplate redis = this.redis;
		CompletableFuture<Void> here = CompletableFuture.runAsync(() -> {
			try {
				LeaseWorkers.runReadWrite(locks, redis, "hammered", this.counterKey, THREADS, ITERATIONS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		other.go();
		here.get(3, TimeUnit.MINUTES);
		other.awaitSuccess();

		assertThat(this.redis.opsForValue().get(LeaseWorkers.violationsKey(this.counterKey)))
			.as("sections with a writer beside anyone")
			.isNull();
		List<String> writers = this.redis.opsForList().range(LeaseWorkers.writersKey(this.counterKey), 0, -1);
		List<String> readers = this.redis.opsForList().range(LeaseWorkers.readersKey(this.counterKey), 0, -1);
		// Thread 0 of each JVM writes, the other two read.
		assertThat(writers).hasSize(2 * ITERATIONS).containsOnly("1");
		assertThat(readers).hasSize(2 * (THREADS - 1) * ITERATIONS);
	}

	@Test
	void theSlotOfAKilledJvmComesBackWithinItsTtl() throws Exception {
		RedisSemaphoreAdapter adapter = new RedisSemaphoreAdapter(connect());
		this.resources.add(0, adapter);
		SemaphoreProvider semaphores = SemaphoreProvider.create(adapter,
				(builder) -> builder.namespace(Namespace.of(this.namespace)));
		Semaphore mine = semaphores.create("crash", 1, LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		awaitHandBackAfterKill(fork("hold-slot", "crash", Long.toString(CRASH_TTL.toMillis())), mine);
	}

	@Test
	void theWriteHoldOfAKilledJvmComesBackWithinItsTtl() throws Exception {
		RedisReadWriteLockAdapter adapter = new RedisReadWriteLockAdapter(connect());
		this.resources.add(0, adapter);
		ReadWriteLockProvider locks = ReadWriteLockProvider.create(adapter,
				(builder) -> builder.namespace(Namespace.of(this.namespace)));
		Lease mine = locks.create("crash", LockSettings.defaults().withTtl(Duration.ofSeconds(30))).readLock();
		awaitHandBackAfterKill(fork("hold-write", "crash", Long.toString(CRASH_TTL.toMillis())), mine);
	}

	private void awaitHandBackAfterKill(Forked holder, Lease mine) throws Exception {
		holder.awaitReady();
		// Renewed by the other JVM while it lives: still held after more than its TTL.
		await().during(CRASH_TTL.plusMillis(500)).atMost(CRASH_TTL.plusSeconds(5)).until(() -> !mine.acquire());
		holder.process.destroyForcibly();
		assertThat(holder.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		long killedAt = System.nanoTime();
		await().atMost(CRASH_TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(mine::acquire);
		assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(CRASH_TTL.plusSeconds(2));
		assertThat(mine.release()).isTrue();
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(this.url);
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

	private Forked fork(String mode, String... args) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
				LeaseWorkerMain.class.getName(), mode, this.url, this.namespace));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.resources.add(() -> {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		});
		return new Forked(process);
	}

	/** A forked {@link LeaseWorkerMain} and what it printed. */
	private static final class Forked {

		final Process process;

		final List<String> lines = new CopyOnWriteArrayList<>();

		final CompletableFuture<Boolean> ready = new CompletableFuture<>();

		Forked(Process process) {
			this.process = process;
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			Thread reader = new Thread(() -> output.lines().forEach((line) -> {
				this.lines.add(line);
				if (line.equals("ready")) {
					this.ready.complete(true);
				}
			}));
			reader.setDaemon(true);
			reader.start();
		}

		void awaitReady() throws Exception {
			assertThat(this.ready.get(60, TimeUnit.SECONDS)).as("forked JVM ready; its output: %s", this.lines)
				.isTrue();
		}

		void go() throws Exception {
			try (OutputStream go = this.process.getOutputStream()) {
				go.write("go\n".getBytes(StandardCharsets.UTF_8));
			}
		}

		void awaitSuccess() throws Exception {
			assertThat(this.process.waitFor(3, TimeUnit.MINUTES)).as("forked JVM finished").isTrue();
			assertThat(this.process.exitValue()).as("forked JVM's exit code; its output: %s", this.lines).isZero();
		}

	}

}
