package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.Namespace;
import dev.distlock.RemainingTime;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockWait;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * Waiting in line on Redis: a release hands the key to the first waiter in line, which returns on the grant's message
 * (or, in the same process, on the release's reply) without another round trip; processes are served first come,
 * first served; one entry per process and key; fair plain acquires; waiters that leave, crash or are granted while
 * leaving; and a grant reaching only the waiting process. Each adapter stands for one process. On a private server,
 * so that its command statistics count this class's calls only.
 */
class RedisHandOffTests {

	// As long as the wait: a waiter that gets the key within seconds was handed it, it did not poll.
	private static final BlockingSettings ONLY_A_GRANT_WAKES = BlockingSettings.of(Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private static final Duration TTL = Duration.ofMinutes(1);

	private static RedisServerProcess server;

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<Lock> locks = new ArrayList<>();

	private ExecutorService executor;

	private Namespace namespace;

	@BeforeAll
	static void startServer() {
		server = RedisServerProcess.start();
		connections = RedisTestConnections.connect(server.url());
		redis = new StringRedisTemplate(connections);
		// Every script loaded once, so that the command counts below see no NOSCRIPT retry.
		try (RedisLockAdapter warm = new RedisLockAdapter(connections)) {
			String key = "distlock-test:hand-off:warm-up";
			warm.acquire(key, "warm", TTL, 1);
			try (LockWait wait = warm.openWait(key, "other", TTL, 2, Duration.ofSeconds(1))) {
				wait.attempt();
			}
			warm.release(key, "warm", 0);
			warm.forceRelease(key);
			warm.state(key);
		}
	}

	@AfterAll
	static void stopServer() {
		if (connections != null) {
			connections.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void start() {
		this.executor = Executors.newCachedThreadPool();
		this.namespace = Namespace.of(List.of("distlock-test", "hand-off", UUID.randomUUID().toString()));
	}

	@AfterEach
	void stop() throws Exception {
		this.executor.shutdownNow();
		this.locks.forEach(Lock::forceRelease);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aReleaseHandsTheKeyToTheWaiterOfAnotherProcessWhichReturnsOnTheMessage() throws Exception {
		RedisLockAdapter holderAdapter = adapter();
		RedisLockAdapter waiterAdapter = adapter();
		Lock holder = lock(holderAdapter, "hand-off");
		Lock waiter = lock(waiterAdapter, "hand-off");
		assertThat(holder.acquire()).isTrue();
		long heldToken = holder.getFencingToken().orElseThrow();
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
		awaitInLine("hand-off", 1);
		long scriptsBefore = scripts();

		assertThat(holder.release()).isTrue();

		assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
		// The release was the only script: the waiter returned on the message, without asking Redis again.
		assertThat(scripts() - scriptsBefore).isEqualTo(1);
		assertThat(waiter.getFencingToken().orElseThrow()).isGreaterThan(heldToken);
		assertThat(waiter.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(waiter.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(left) -> assertThat(left.remaining()).isGreaterThan(TTL.minusSeconds(10)));
		assertThat(waiterAdapter.getReceivedGrantMessageCount()).isEqualTo(1);
		assertThat(holderAdapter.getReceivedGrantMessageCount()).isZero();
		assertThat(lineLength("hand-off")).isZero();
	}

	@Test
	void processesAreServedFirstComeFirstServed() throws Exception {
		RedisLockAdapter a = adapter();
		RedisLockAdapter b = adapter();
		RedisLockAdapter c = adapter();
		Lock holder = lock(a, "fifo");
		assertThat(holder.acquire()).isTrue();
		List<String> served = new CopyOnWriteArrayList<>();
		List<Future<Boolean>> results = new ArrayList<>();
		int position = 0;
		for (RedisLockAdapter adapter : List.of(b, c, a, b)) {
			Lock waiter = lock(adapter, "fifo");
			String name = "waiter-" + position++;
			results.add(this.executor
				.submit(() -> waiter.runBlocking(() -> served.add(name), ONLY_A_GRANT_WAKES).isAcquired()));
			if (position < 4) {
				// The last one waits behind its process's entry, in memory.
				awaitInLine("fifo", position);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> lineLength("fifo") == 3);

		assertThat(holder.release()).isTrue();

		for (Future<Boolean> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(served).containsExactly("waiter-0", "waiter-1", "waiter-2", "waiter-3");
	}

	@Test
	void theWaitersOfOneProcessShareOneEntryAndAreHandedTheKeyInMemory() throws Exception {
		RedisLockAdapter adapter = adapter();
		Lock holder = lock(adapter, "local");
		assertThat(holder.acquire()).isTrue();
		int waiters = 4;
		List<Future<Boolean>> results = new ArrayList<>();
		List<String> served = new CopyOnWriteArrayList<>();
		for (int i = 0; i < waiters; i++) {
			Lock waiter = lock(adapter, "local");
			String name = "waiter-" + i;
			results.add(this.executor.submit(() -> waiter.runBlocking(() -> {
				// Never more than one entry of this process in line, however many wait.
				assertThat(lineLength("local")).isLessThanOrEqualTo(1);
				served.add(name);
			}, ONLY_A_GRANT_WAKES).isAcquired()));
			await().atMost(Duration.ofSeconds(10)).until(() -> adapter.waitingCount() == results.size());
		}
		awaitInLine("local", 1);
		long scriptsBefore = scripts();

		assertThat(holder.release()).isTrue();

		for (Future<Boolean> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(served).containsExactly("waiter-0", "waiter-1", "waiter-2", "waiter-3");
		// One script per hand-off (each release, which also puts the next waiter in line), and no grant messages.
		assertThat(scripts() - scriptsBefore).isEqualTo(waiters + 1);
		assertThat(adapter.getReceivedGrantMessageCount()).isZero();
	}

	@Test
	void manyWaitersInTwoProcessesAreAllServedWithoutEverWaitingForThePoll() throws Exception {
		// Four threads a process: releases that let the next local waiter join race with grants from the other
		// process. A waiter left out of the line would sit out the 30 s poll; none may wait a third of that.
		List<RedisLockAdapter> processes = List.of(adapter(), adapter());
		int threadsPerProcess = 4;
		int cycles = 40;
		List<Future<Long>> longestWaits = new ArrayList<>();
		for (RedisLockAdapter process : processes) {
			for (int t = 0; t < threadsPerProcess; t++) {
				Lock lock = lock(process, "busy");
				longestWaits.add(this.executor.submit(() -> {
					long longest = 0;
					for (int i = 0; i < cycles; i++) {
						long start = System.nanoTime();
						assertThat(lock.acquireBlocking(ONLY_A_GRANT_WAKES)).isTrue();
						longest = Math.max(longest, System.nanoTime() - start);
						assertThat(lock.release()).isTrue();
					}
					return longest;
				}));
			}
		}
		for (Future<Long> longestWait : longestWaits) {
			assertThat(Duration.ofNanos(longestWait.get(60, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void aPlainAcquireOfAKeyWithAWaiterInLineFailsAndTheWaiterGetsTheKeyWhenItExpires() throws Exception {
		Lock holder = lock(adapter(), "fair", Duration.ofMillis(500));
		Lock waiter = lock(adapter(), "fair");
		Lock barger = lock(adapter(), "fair");
		assertThat(holder.acquire()).isTrue();
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
		awaitInLine("fair", 1);

		// Expired: the key is free, or already the waiter's; either way the first in line gets it, not the barger.
		await().atMost(Duration.ofSeconds(5)).until(() -> !(holder.getState() instanceof LockState.Acquired));
		assertThat(barger.acquire()).isFalse();

		assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(barger.acquire()).isFalse();
	}

	@Test
	void aWaiterThatGivesUpLeavesTheLine() {
		Lock holder = lock(adapter(), "give-up");
		Lock waiter = lock(adapter(), "give-up");
		assertThat(holder.acquire()).isTrue();

		assertThat(waiter.acquireBlocking(BlockingSettings.of(Duration.ofMillis(300), Duration.ofSeconds(30))))
			.isFalse();

		assertThat(lineLength("give-up")).isZero();
		assertThat(redis.hasKey(lineKeys("give-up").get(3))).isFalse();
		assertThat(holder.release()).isTrue();
		assertThat(redis.hasKey(this.namespace.qualify("give-up"))).isFalse();
	}

	@Test
	void aWaiterHandedTheKeyWhileLeavingPassesItOn() throws Exception {
		RedisLockAdapter holderAdapter = adapter();
		Lock holder = lock(holderAdapter, "pass-on");
		assertThat(holder.acquire()).isTrue();
		String key = this.namespace.qualify("pass-on");
		LockWait first = adapter().openWait(key, "owner-first", TTL, 11, Duration.ofSeconds(30));
		assertThat(first.attempt()).isInstanceOf(AcquireResult.Unavailable.class);
		LockWait second = adapter().openWait(key, "owner-second", TTL, 22, Duration.ofSeconds(30));
		assertThat(second.attempt()).isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(lineLength("pass-on")).isEqualTo(2);

		assertThat(holder.release()).isTrue();
		assertThat(redis.opsForHash().get(key, "owner")).isEqualTo("owner-first");
		// Gives up without taking the key it was handed.
		first.close();

		LockWait.Grant grant = second.awaitGrant(Duration.ofSeconds(5));
		assertThat(grant).isNotNull();
		assertThat(redis.opsForHash().get(key, "owner")).isEqualTo("owner-second");
		assertThat(redis.opsForHash().get(key, "token")).isEqualTo(Long.toString(grant.token()));
		second.close();
		assertThat(redis.opsForHash().get(key, "owner")).isEqualTo("owner-second");
	}

	@Test
	void aHoldHandedToAWaitStaysUndoableByThatWaitEvenAfterItsOwnAttemptFoundIt() throws Exception {
		Lock holder = lock(adapter(), "undoable");
		assertThat(holder.acquire()).isTrue();
		String key = this.namespace.qualify("undoable");
		RedisLockAdapter waiterAdapter = adapter();
		LockWait wait = waiterAdapter.openWait(key, "owner-waiting", TTL, 44, Duration.ofSeconds(30));
		assertThat(wait.attempt()).isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(holder.release()).isTrue();
		assertThat(redis.opsForHash().get(key, "owner")).isEqualTo("owner-waiting");

		// The wait's own attempt (its reply lost, say) finds the hold; the hold still carries the wait's attempt id.
		assertThat(waiterAdapter.acquire(key, "owner-waiting", TTL, 44)).isInstanceOf(AcquireResult.AlreadyHeld.class);
		assertThat(redis.opsForHash().get(key, "attempt")).isEqualTo("44");
		// So the undo the wait owes, if it ends without the key, frees it.
		assertThat(waiterAdapter.undoAcquire(key, "owner-waiting", 44)).isTrue();
		assertThat(redis.hasKey(key)).isFalse();
		wait.close();
	}

	@Test
	void aWaitThatFoundItsOwnersHoldIsOutOfTheLineAndWaitsItsWholeTimeoutBetweenPlainAttempts() throws Exception {
		RedisLockAdapter adapter = adapter();
		String key = this.namespace.qualify("out-of-line");
		assertThat(adapter.acquire(key, "owner-same", TTL, 1)).isInstanceOf(AcquireResult.Acquired.class);
		try (LockWait wait = adapter.openWait(key, "owner-same", TTL, 2, Duration.ofSeconds(30))) {
			// Found held by its own owner (as if the answer had come too late to count): out of the line.
			assertThat(wait.attempt()).isInstanceOf(AcquireResult.AlreadyHeld.class);
			assertThat(lineLength("out-of-line")).isZero();

			long start = System.nanoTime();
			assertThat(wait.awaitGrant(Duration.ofMillis(300))).isNull();
			// No grant can come: the wait sleeps out its timeout instead of sending its plain attempts back to back.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			assertThat(wait.attempt()).isInstanceOf(AcquireResult.AlreadyHeld.class);
		}
		assertThat(adapter.release(key, "owner-same", 0)).isEqualTo(dev.distlock.adapter.UpdateResult.UPDATED);
	}

	@Test
	void aCrashedWaiterHoldsTheLineUpOnlyUntilItsWaitTimeIsOver() throws Exception {
		RedisLockAdapter holderAdapter = adapter();
		Lock holder = lock(holderAdapter, "crashed");
		assertThat(holder.acquire()).isTrue();
		String key = this.namespace.qualify("crashed");
		// Joins the line with a short wait time, and is never heard of again.
		LockWait crashed = adapter().openWait(key, "owner-crashed", TTL, 33, Duration.ofMillis(200));
		assertThat(crashed.attempt()).isInstanceOf(AcquireResult.Unavailable.class);
		Lock waiter = lock(adapter(), "crashed");
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
		awaitInLine("crashed", 2);
		long crashedDeadline = deadlineOf("crashed", "owner-crashed");
		await().atMost(Duration.ofSeconds(5)).until(() -> serverMillis() > crashedDeadline);

		assertThat(holder.release()).isTrue();

		assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(redis.opsForHash().get(key, "owner")).isEqualTo(waiter.getOwner());
	}

	@Test
	void withNobodyWaitingAReleasePublishesNothingAndAGrantReachesOnlyTheWaitingProcess() throws Exception {
		List<RedisLockAdapter> processes = List.of(adapter(), adapter(), adapter(), adapter());
		Lock idle = lock(processes.get(0), "quiet");
		long published = RedisTestConnections.commandCalls(connections, "publish", "spublish");
		for (int i = 0; i < 20; i++) {
			assertThat(idle.acquire()).isTrue();
			assertThat(idle.release()).isTrue();
		}
		assertThat(RedisTestConnections.commandCalls(connections, "publish", "spublish")).isEqualTo(published);

		// Four processes wait on one key, one waiter each; the holder is in the first.
		Lock holder = lock(processes.get(0), "fan-out");
		assertThat(holder.acquire()).isTrue();
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 1; i < processes.size(); i++) {
			Lock waiter = lock(processes.get(i), "fan-out");
			results.add(this.executor.submit(() -> waiter.runBlocking(() -> {
			}, ONLY_A_GRANT_WAKES).isAcquired()));
			awaitInLine("fan-out", i);
		}
		assertThat(holder.release()).isTrue();
		for (Future<Boolean> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
		}
		// Three hand-offs, each to another process: three messages in all, one received by each waiting process.
		assertThat(processes.stream().mapToLong(RedisLockAdapter::getReceivedGrantMessageCount).sum()).isEqualTo(3);
		for (RedisLockAdapter process : processes.subList(1, processes.size())) {
			assertThat(process.getReceivedGrantMessageCount()).isEqualTo(1);
		}
	}

	@Test
	void withoutAnAsynchronousClientAWaiterFindsTheKeyHandedToItAtItsNextPoll() throws Exception {
		Lock holder = lock(adapter(), "polling");
		assertThat(holder.acquire()).isTrue();
		// Without Lettuce there is no subscription: a grant message is never heard.
		Lock waiter = lock(templateAdapterWithoutSubscription(), "polling");
		Future<Boolean> acquired = this.executor
			.submit(() -> waiter.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(30), Duration.ofMillis(300))));
		awaitInLine("polling", 1);

		assertThat(holder.release()).isTrue();

		assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(waiter.getFencingToken()).isPresent();
	}

	private LockAdapter templateAdapterWithoutSubscription() {
		RedisLockAdapter adapter = new RedisLockAdapter(new NonLettuceConnectionFactory(connections),
				RedisLockAdapterSettings.defaults(), new TemplateScriptExecutor(connections));
		this.resources.add(adapter);
		return adapter;
	}

	private RedisLockAdapter adapter() {
		RedisLockAdapter adapter = new RedisLockAdapter(RedisTestConnections.connect(server.url()));
		this.resources.add(0, adapter);
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
		return adapter;
	}

	private Lock lock(LockAdapter adapter, String key) {
		return lock(adapter, key, TTL);
	}

	private Lock lock(LockAdapter adapter, String key, Duration ttl) {
		LockProvider provider = LockProvider.builder(adapter).namespace(this.namespace).build();
		Lock lock = provider.create(key, LockSettings.defaults().withTtl(ttl));
		this.locks.add(lock);
		return lock;
	}

	private void awaitInLine(String key, int entries) {
		await().atMost(Duration.ofSeconds(10)).until(() -> lineLength(key) >= entries);
	}

	private long lineLength(String key) {
		Long length = redis.opsForList().size(lineKeys(key).get(2));
		return (length != null) ? length : 0;
	}

	private List<String> lineKeys(String key) {
		return LockKeys.of(this.namespace.qualify(key));
	}

	// The deadline, in the server's milliseconds, of the entry of owner in the key's line.
	private long deadlineOf(String key, String owner) {
		for (Object entry : redis.opsForHash().values(lineKeys(key).get(3))) {
			java.util.regex.Matcher fields = java.util.regex.Pattern
				.compile("\"o\":\"" + owner + "\".*\"d\":(\\d+)|\"d\":(\\d+).*\"o\":\"" + owner + "\"")
				.matcher(entry.toString());
			if (fields.find()) {
				return Long.parseLong((fields.group(1) != null) ? fields.group(1) : fields.group(2));
			}
		}
		throw new AssertionError("no entry of " + owner + " in line");
	}

	private static long serverMillis() {
		return redis.execute((org.springframework.data.redis.core.RedisCallback<Long>) (connection) -> connection
			.serverCommands()
			.time(TimeUnit.MILLISECONDS));
	}

	private static long scripts() {
		return RedisTestConnections.commandCalls(connections, "evalsha", "eval");
	}

}
