package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.distlock.LockMode;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.UpdateResult;

/**
 * What the contract cannot see of {@link JdbcReadWriteLockAdapter}: one sequence of tokens per key for both modes
 * that keeps increasing across expiries and after the clean-up deleted the key's row; an intent to write ends when
 * its wait does, by the database's clock, and lets readers in again (a refused reader is told when); expired holds
 * and intents do not pile up.
 */
class JdbcReadWriteLockAdapterTests {

	private static final Duration LONG = Duration.ofMinutes(10);

	// Room for a stall on a loaded two-core machine.
	private static final Duration SHORT = Duration.ofMillis(500);

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void tokensOfBothModesIncreaseAcrossReleasesAndExpiries(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcReadWriteLockAdapter adapter = new JdbcReadWriteLockAdapter(table.dataSource(), table.settings());
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			LockMode mode = (i % 2 == 0) ? LockMode.READ : LockMode.WRITE;
			tokens.add(acquired(adapter.acquire("tokens", mode, "owner-" + i, LONG, i + 1, null)));
			assertThat(adapter.release("tokens", mode, "owner-" + i, LockAdapter.ANY_TOKEN))
				.isEqualTo(UpdateResult.UPDATED);
		}
		tokens.add(acquired(adapter.acquire("tokens", LockMode.WRITE, "brief", SHORT, 10, null)));
		// A downgrade: the writer reads too, under a greater token.
		tokens.add(acquired(adapter.acquire("tokens", LockMode.READ, "brief", SHORT, 11, null)));
		await().atMost(Duration.ofSeconds(5)).until(() -> adapter.holders("tokens").writer() == null
				&& adapter.holders("tokens").readers().isEmpty());
		tokens.add(acquired(adapter.acquire("tokens", LockMode.READ, "after-expiry", LONG, 12, null)));
		tokens.add(acquired(adapter.acquire("tokens", LockMode.READ, "another-reader", LONG, 13, null)));
		assertThat(adapter.forceReleaseAll("tokens")).isEqualTo(2);
		tokens.add(acquired(adapter.acquire("tokens", LockMode.WRITE, "after-force", LONG, 14, null)));

		assertThat(tokens).doesNotHaveDuplicates().isSorted();
		assertThat(table.leaseRows("_rw", "rw_key", "tokens")).as("the key row stays").isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void anIntentEndsWithItsWaitAndLetsReadersInAgain(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcReadWriteLockAdapter adapter = new JdbcReadWriteLockAdapter(table.dataSource(), table.settings());
		acquired(adapter.acquire("queue", LockMode.READ, "reader", LONG, 1, null));
		assertThat(adapter.acquire("queue", LockMode.WRITE, "writer", LONG, 2, SHORT))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(adapter.holders("queue").waitingWriters()).isEqualTo(1);
		AcquireResult refused = adapter.acquire("queue", LockMode.READ, "late-reader", LONG, 3, null);
		assertThat(refused).as("while the writer waits").isInstanceOf(AcquireResult.Unavailable.class);
		// Told to try again no later than when the intent ends, not when the reader's hold of ten minutes does.
		assertThat(((AcquireResult.Unavailable) refused).remainingTime()).isNotNull()
			.isPositive()
			.isLessThanOrEqualTo(SHORT);
		// The writer asks again with a longer wait: one intent, refreshed, not two.
		assertThat(adapter.acquire("queue", LockMode.WRITE, "writer", LONG, 4, SHORT))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(table.leaseRows("_rw_intents", "intent_key", "queue")).isEqualTo(1);

		await().atMost(Duration.ofSeconds(5)).until(() -> adapter.holders("queue").waitingWriters() == 0);
		acquired(adapter.acquire("queue", LockMode.READ, "late-reader", LONG, 5, null));
		assertThat(table.leaseRows("_rw_intents", "intent_key", "queue")).as("the expired intent, deleted").isZero();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void expiredHoldsIntentsAndIdleKeyRowsAreDeletedAndLaterTokensStillIncrease(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcReadWriteLockAdapter adapter = new JdbcReadWriteLockAdapter(table.dataSource(),
				table.settings().withCleanupAfter(Duration.ofMillis(1)));
		List<Long> earlier = new ArrayList<>();
		String[] keys = { "k0", "k1", "k2", "k3" };
		for (String key : keys) {
			// Long enough that the writer after it is refused and records its intent, also on a loaded machine.
			earlier.add(acquired(adapter.acquire(key, LockMode.READ, "crashed-reader", SHORT.multipliedBy(4), 1, null)));
			assertThat(adapter.acquire(key, LockMode.WRITE, "crashed-writer", SHORT, 2, SHORT))
				.isInstanceOf(AcquireResult.Unavailable.class);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			adapter.release("trigger", LockMode.READ, "nobody", LockAdapter.ANY_TOKEN);
			return table.allRows("_rw_holds") == 0 && table.allRows("_rw_intents") == 0
					&& table.allRows("_rw") == 0;
		});
		long highest = earlier.stream().mapToLong(Long::longValue).max().orElseThrow();
		for (String key : keys) {
			assertThat(acquired(adapter.acquire(key, LockMode.WRITE, "next", LONG, 3, null)))
				.as("the first token of %s after the clean-up", key)
				.isGreaterThan(highest);
		}
	}

	private static long acquired(AcquireResult result) {
		assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
		return ((AcquireResult.Acquired) result).token();
	}

}
