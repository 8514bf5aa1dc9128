package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;

/**
 * A key's fencing tokens keep increasing however its holds end, released, expired or force released, while its row
 * stays; a row that is ahead of the clock is followed, not the clock; and after the clean-up deleted free rows, the
 * next token of their keys, now from the database's clock, is still greater than every token before.
 */
class JdbcFencingTokenTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	// Room for a stall on a loaded two-core machine: an acquire answered after its TTL counts as not acquired.
	private static final Duration SHORT = Duration.ofMillis(500);

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void tokensOfOneRowIncreaseAcrossReleaseExpiryAndForceRelease(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		LockProvider provider = provider(table, table.settings());
		List<Long> tokens = new ArrayList<>();
		Lock first = provider.create("row", LockSettings.defaults().withTtl(LONG));
		Lock second = provider.create("row", LockSettings.defaults().withTtl(LONG));
		Lock brief = provider.create("row", LockSettings.defaults().withTtl(SHORT));

		for (int i = 0; i < 20; i++) {
			Lock lock = (i % 2 == 0) ? first : second;
			tokens.add(acquire(lock));
			assertThat(lock.release()).isTrue();
		}
		tokens.add(acquire(first));
		assertThat(second.forceRelease()).isTrue();
		tokens.add(acquire(brief));
		await().atMost(Duration.ofSeconds(5)).until(() -> brief.getState() instanceof LockState.Expired);
		tokens.add(acquire(second));
		assertThat(second.release()).isTrue();

		assertThat(tokens).doesNotHaveDuplicates().isSorted();
		assertThat(table.rows("lock:_rt:row")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void aRowAheadOfTheClockIsFollowedAfterARelease(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		LockProvider provider = provider(table, table.settings());
		Lock lock = provider.create("ahead", LockSettings.defaults().withTtl(SHORT));
		acquire(lock);
		assertThat(lock.release()).isTrue();
		// As if written by a database whose clock ran a day ahead: the clock alone would go back.
		long ahead = storedToken(table, "lock:_rt:ahead") + Duration.ofDays(1).toNanos() / 1000;
		table.jdbc().update("UPDATE " + table.name() + " SET token = ? WHERE lock_key = ?", ahead, "lock:_rt:ahead");

		assertThat(acquire(lock)).as("after a release").isEqualTo(ahead + 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> lock.getState() instanceof LockState.Expired);
		assertThat(acquire(provider.create("ahead"))).as("after an expiry").isEqualTo(ahead + 2);
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void tokensAfterTheCleanUpDeletedTheRowsAreGreaterThanEveryEarlierOne(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		// A release cleans up at most once per cleanupAfter: here once a millisecond, rows free for a millisecond.
		LockProvider provider = provider(table, table.settings().withCleanupAfter(Duration.ofMillis(1)));
		String[] keys = { "lock:_rt:k0", "lock:_rt:k1", "lock:_rt:k2", "lock:_rt:k3", "lock:_rt:k4" };
		List<Long> earlier = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (String key : keys) {
				Lock lock = provider.create(key.substring("lock:_rt:".length()));
				earlier.add(acquire(lock));
				assertThat(lock.release()).isTrue();
			}
		}

		// Each release of another key runs the clean-up, which deletes what has been free for a millisecond.
		Lock trigger = provider.create("trigger");
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			acquire(trigger);
			trigger.release();
			return table.rows(keys) == 0;
		});
		long highest = Collections.max(earlier);

		for (String key : keys) {
			Lock lock = provider.create(key.substring("lock:_rt:".length()));
			assertThat(acquire(lock)).as("the first token of %s after the clean-up", key).isGreaterThan(highest);
			assertThat(table.rows(key)).isEqualTo(1);
			assertThat(lock.release()).isTrue();
		}
	}

	private LockProvider provider(LockTable table, JdbcLockAdapterSettings settings) {
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(table.dataSource(), settings));
		return this.resources.add(LockProvider.builder(adapter).build());
	}

	private static long acquire(Lock lock) {
		assertThat(lock.acquire()).as("acquired %s", lock.getKey()).isTrue();
		return lock.getFencingToken().orElseThrow();
	}

	private static long storedToken(LockTable table, String key) {
		Long token = table.jdbc()
			.queryForObject("SELECT token FROM " + table.name() + " WHERE lock_key = ?", Long.class, key);
		return (token != null) ? token : 0;
	}

}
