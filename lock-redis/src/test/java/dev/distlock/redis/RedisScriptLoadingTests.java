package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * The scripts are sent once and then run by SHA, and survive a Redis that forgot them; renewals are batched. Counted
 * with Redis's own command statistics, on a private {@code redis-server} so that nobody else's commands count.
 */
class RedisScriptLoadingTests {

	private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

	private static RedisServerProcess server;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	@BeforeAll
	static void start() {
		server = RedisServerProcess.start();
		connectionFactory = RedisTestConnections.connect(server.url());
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	@AfterAll
	static void stop() {
		if (adapter != null) {
			adapter.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void eachScriptIsSentOnceThenRunBySha() {
		forgetScripts();
		resetStatistics();
		for (int i = 0; i < 10; i++) {
			runEveryScript("key-" + i);
		}
		// Six scripts: each EVALSHA'd 10 times; the first of each was answered NOSCRIPT and followed by one EVAL.
		assertThat(calls("evalsha")).isEqualTo(60);
		assertThat(calls("eval")).isEqualTo(6);
	}

	@Test
	void aRedisThatForgotTheScriptsGetsThemAgain() {
		runEveryScript("before");
		forgetScripts();
		resetStatistics();
		runEveryScript("after");
		assertThat(calls("eval")).isEqualTo(6);
	}

	@Test
	void refreshingThreeHundredHoldsTakesOneScriptRun() {
		List<Refresh> refreshes = hold(300, "batch");
		// Another test may have flushed the scripts: the warm-up sends it, so that only the batch is counted.
		adapter.refreshAll(refreshes.subList(0, 1));
		resetStatistics();

		List<UpdateResult> results = adapter.refreshAll(refreshes);

		assertThat(results).hasSize(300).containsOnly(UpdateResult.UPDATED);
		assertThat(calls("evalsha")).isEqualTo(1);
		assertThat(calls("eval")).isZero();
		assertThat(calls("pexpire")).isEqualTo(300);
	}

	@Test
	void refreshingTenThousandHoldsTakesAtMostOneScriptRunPerHundred() {
		List<Refresh> refreshes = hold(10_000, "many");
		adapter.refreshAll(refreshes.subList(0, 1));
		resetStatistics();

		long start = System.nanoTime();
		List<UpdateResult> results = adapter.refreshAll(refreshes);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(results).hasSize(10_000).containsOnly(UpdateResult.UPDATED);
		assertThat(calls("evalsha")).isLessThanOrEqualTo(100).isEqualTo(10_000 / RefreshBatches.MAX_KEYS);
		// Sent together, not one after another: well within a single command timeout.
		assertThat(took).isLessThan(adapter.getSettings().commandTimeout());
	}

	@Test
	void aBatchAfterRedisForgotTheScriptSendsItAgainAndStillRefreshesEveryHold() {
		List<Refresh> refreshes = hold(1_200, "forgotten");
		forgetScripts();
		resetStatistics();

		assertThat(adapter.refreshAll(refreshes)).hasSize(1_200).containsOnly(UpdateResult.UPDATED);
		// Three runs of at most 500, all sent before the first NOSCRIPT came back, so all three are EVAL'd.
		assertThat(calls("evalsha")).isEqualTo(3);
		assertThat(calls("eval")).isEqualTo(3);
	}

	private static List<Refresh> hold(int count, String prefix) {
		List<Refresh> refreshes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String key = prefix + ":" + i;
			AcquireResult acquired = adapter.acquire(key, "owner", Duration.ofSeconds(30), i + 1);
			assertThat(acquired).isInstanceOf(AcquireResult.Acquired.class);
			refreshes.add(new Refresh(key, "owner", ((AcquireResult.Acquired) acquired).token(), Duration.ofMinutes(1)));
		}
		return refreshes;
	}

	private static void runEveryScript(String key) {
		AcquireResult acquired = adapter.acquire(key, "owner", Duration.ofSeconds(30), 1);
		assertThat(acquired).isInstanceOf(AcquireResult.Acquired.class);
		long token = ((AcquireResult.Acquired) acquired).token();
		assertThat(adapter.refresh(key, "owner", token, Duration.ofSeconds(30))).isEqualTo(UpdateResult.UPDATED);
		assertThat(adapter.state(key)).isPresent();
		assertThat(adapter.undoAcquire(key, "owner", 2)).isFalse();
		assertThat(adapter.release(key, "owner", token)).isEqualTo(UpdateResult.UPDATED);
		assertThat(adapter.forceRelease(key)).isFalse();
	}

	// What a restart or a failover does to the script cache; harmless here, on a server of our own.
	private static void forgetScripts() {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
	}

	private static void resetStatistics() {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.serverCommands().resetConfigStats();
		}
	}

	private static long calls(String command) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			Properties stats = connection.serverCommands().info("commandstats");
			String line = (stats != null) ? stats.getProperty("cmdstat_" + command) : null;
			if (line == null) {
				return 0;
			}
			Matcher calls = CALLS.matcher(line);
			assertThat(calls.find()).as("calls in %s", line).isTrue();
			return Long.parseLong(calls.group(1));
		}
	}

}
