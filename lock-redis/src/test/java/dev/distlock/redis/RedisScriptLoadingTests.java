package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.test.redis.RedisServerProcess;

/**
 * The scripts are sent once and then run by SHA, and survive a Redis that forgot them. Counted with Redis's own
 * command statistics, on a private {@code redis-server} so that nobody else's commands count.
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
		adapter = new RedisLockAdapter(connectionFactory, RedisTestConnections.privateChannel());
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
		// Five scripts: each EVALSHA'd 10 times; the first of each was answered NOSCRIPT and followed by one EVAL.
		assertThat(calls("evalsha")).isEqualTo(50);
		assertThat(calls("eval")).isEqualTo(5);
	}

	@Test
	void aRedisThatForgotTheScriptsGetsThemAgain() {
		runEveryScript("before");
		forgetScripts();
		resetStatistics();
		runEveryScript("after");
		assertThat(calls("eval")).isEqualTo(5);
	}

	private static void runEveryScript(String key) {
		assertThat(adapter.acquire(key, "owner", Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.refresh(key, "owner", Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.state(key)).isPresent();
		assertThat(adapter.release(key, "owner")).isTrue();
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
