package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * Semaphores and read-write locks on a Redis that answers nothing (a private {@code redis-server} stopped with
 * {@code SIGSTOP}): an acquire fails after about the adapter's command timeout, not the client's 10 seconds, and once
 * Redis thaws the key is free again (an acquire that ran late is undone by the provider) and can be taken.
 */
class RedisLeaseFrozenServerTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration MARGIN = Duration.ofMillis(800);

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private static RedisServerProcess server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private RedisSemaphoreAdapter semaphores;

	private RedisReadWriteLockAdapter readWrite;

	private Namespace namespace;

	@BeforeAll
	static void startServer() {
		server = RedisServerProcess.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void setUp() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(server.url());
		this.resources.add(connectionFactory::destroy);
		RedisLockAdapterSettings settings = RedisLockAdapterSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT);
		this.semaphores = new RedisSemaphoreAdapter(connectionFactory, settings);
		this.resources.add(0, this.semaphores);
		this.readWrite = new RedisReadWriteLockAdapter(connectionFactory, settings);
		this.resources.add(0, this.readWrite);
		this.namespace = Namespace.of("frozen-" + UUID.randomUUID());
		// Connected and warm before any timing.
		assertThat(this.semaphores.holders("warm-up").holders()).isEmpty();
	}

	@AfterEach
	void tearDown() throws Exception {
		server.thaw();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aSlotAcquiredOnAFrozenRedisFailsWithinTheCommandTimeoutAndIsUndoneOnceItThaws() {
		SemaphoreProvider provider = SemaphoreProvider.create(this.semaphores,
				(builder) -> builder.namespace(this.namespace));
		Semaphore semaphore = provider.create("frozen", 1, LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		String key = this.namespace.qualify("frozen");
		failsWithinTheCommandTimeout(semaphore);
		await().atMost(RECOVERY).ignoreExceptions().until(() -> this.semaphores.holders(key).holders().isEmpty());
		assertThat(semaphore.acquire()).isTrue();
		assertThat(semaphore.release()).isTrue();
	}

	@Test
	void aWriteAcquiredOnAFrozenRedisFailsWithinTheCommandTimeoutAndIsUndoneOnceItThaws() {
		ReadWriteLockProvider provider = ReadWriteLockProvider.create(this.readWrite,
				(builder) -> builder.namespace(this.namespace));
		Lease write = provider.create("frozen", LockSettings.defaults().withTtl(Duration.ofMinutes(1))).writeLock();
		String key = this.namespace.qualify("frozen");
		failsWithinTheCommandTimeout(write);
		await().atMost(RECOVERY).ignoreExceptions().until(() -> this.readWrite.holders(key).writer() == null);
		assertThat(write.acquire()).isTrue();
		assertThat(write.release()).isTrue();
	}

	private static void failsWithinTheCommandTimeout(Lease lease) {
		assertThat(lease.acquire()).isTrue();
		assertThat(lease.release()).isTrue();
		server.freeze();
		long start = System.nanoTime();
		assertThatThrownBy(lease::acquire).isInstanceOf(LockBackendException.class)
			.cause()
			.isInstanceOf(QueryTimeoutException.class);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(COMMAND_TIMEOUT).isLessThan(COMMAND_TIMEOUT.plus(MARGIN));
		server.thaw();
	}

}
