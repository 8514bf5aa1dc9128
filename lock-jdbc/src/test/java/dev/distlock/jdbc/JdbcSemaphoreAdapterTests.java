package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import dev.distlock.LockMode;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.SemaphoreHolders;
import dev.distlock.adapter.UpdateResult;

/**
 * What the contract cannot see of {@link JdbcSemaphoreAdapter}: its expiries are the database's clock and decided
 * by what the database stores; its tables are its own (a lock, a semaphore and a read-write lock of one key never
 * meet), created by the schema script also in another schema; a key's tokens keep increasing across expiries and
 * after the clean-up deleted its row; expired slots do not pile up; a missing table and unstorable input fail
 * clearly.
 */
class JdbcSemaphoreAdapterTests {

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
	void aSlotsExpiryIsTheDatabasesClockPlusItsTtlAndTheStoredValueDecides(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcSemaphoreAdapter adapter = new JdbcSemaphoreAdapter(table.dataSource(), table.settings());
		String slots = table.name() + "_sem_slots";
		String now = LockSql.nowMicros(dialect) + ((dialect == JdbcDialect.MARIADB) ? " FROM DUAL" : "");

		long before = dbNow(table, now);
		assertThat(adapter.acquire("clock", 1, "first", LONG, 1)).isInstanceOf(AcquireResult.Acquired.class);
		long after = dbNow(table, now);
		long expires = storedExpiry(table, slots, "clock", "first");
		assertThat(expires).as("the expiry, database microseconds")
			.isBetween(before + LONG.toNanos() / 1000, after + LONG.toNanos() / 1000);

		// Expired by the database's clock, although its TTL of ten minutes began a moment ago.
		table.jdbc().update("UPDATE " + slots + " SET expires_at_us = ? WHERE slot_key = ?", dbNow(table, now) - 1,
				"clock");
		assertThat(adapter.holders("clock")).isEqualTo(SemaphoreHolders.none());
		assertThat(adapter.acquire("clock", 1, "second", SHORT, 2)).isInstanceOf(AcquireResult.Acquired.class);

		// Live by the database's clock for a day, although its TTL of half a second ended long ago.
		table.jdbc().update("UPDATE " + slots + " SET expires_at_us = ? WHERE slot_key = ?",
				dbNow(table, now) + Duration.ofDays(1).toNanos() / 1000, "clock");
		await().during(SHORT.multipliedBy(2)).atMost(SHORT.multipliedBy(4))
			.until(() -> adapter.holders("clock").holders().size() == 1);
		assertThat(adapter.acquire("clock", 1, "third", SHORT, 3)).isInstanceOf(AcquireResult.Unavailable.class);
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void aLockASemaphoreAndAReadWriteLockOfOneKeyNeverMeet(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcLockAdapter locks = this.resources.add(new JdbcLockAdapter(table.dataSource(), table.settings()));
		JdbcSemaphoreAdapter semaphores = new JdbcSemaphoreAdapter(table.dataSource(), table.settings());
		JdbcReadWriteLockAdapter readWriteLocks = new JdbcReadWriteLockAdapter(table.dataSource(), table.settings());

		assertThat(locks.acquire("same", "lock-owner", LONG, 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(semaphores.acquire("same", 1, "semaphore-owner", LONG, 1))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(readWriteLocks.acquire("same", LockMode.WRITE, "writer", LONG, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);

		assertThat(table.rows("same")).as("lock rows").isEqualTo(1);
		assertThat(table.leaseRows("_sem_slots", "slot_key", "same")).as("slot rows").isEqualTo(1);
		assertThat(table.leaseRows("_rw_holds", "hold_key", "same")).as("hold rows").isEqualTo(1);
		assertThat(semaphores.getTableNames()).containsExactly(table.name() + "_sem", table.name() + "_sem_slots");
		assertThat(readWriteLocks.getTableNames()).containsExactly(table.name() + "_rw", table.name() + "_rw_holds",
				table.name() + "_rw_intents");

		assertThat(semaphores.forceReleaseAll("same")).isEqualTo(1);
		assertThat(locks.state("same")).as("the lock, after the semaphore was force released").isPresent();
		assertThat(readWriteLocks.holders("same").writer()).as("the write, after the semaphore was force released")
			.isNotNull();
		assertThat(readWriteLocks.forceReleaseAll("same")).isEqualTo(1);
		assertThat(locks.state("same")).as("the lock, after the read-write lock was force released").isPresent();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void tokensIncreaseAcrossReleasesExpiriesAndForceReleases(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcSemaphoreAdapter adapter = new JdbcSemaphoreAdapter(table.dataSource(), table.settings());
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			tokens.add(acquired(adapter.acquire("tokens", 2, "owner-" + (i % 3), LONG, i + 1)));
			assertThat(adapter.release("tokens", "owner-" + (i % 3), tokens.get(tokens.size() - 1)))
				.isEqualTo(UpdateResult.UPDATED);
		}
		tokens.add(acquired(adapter.acquire("tokens", 2, "brief-1", SHORT, 20)));
		tokens.add(acquired(adapter.acquire("tokens", 2, "brief-2", SHORT, 21)));
		await().atMost(Duration.ofSeconds(5)).until(() -> adapter.holders("tokens").holders().isEmpty());
		tokens.add(acquired(adapter.acquire("tokens", 2, "after-expiry", LONG, 22)));
		assertThat(adapter.forceReleaseAll("tokens")).isEqualTo(1);
		tokens.add(acquired(adapter.acquire("tokens", 2, "after-force", LONG, 23)));

		assertThat(tokens).doesNotHaveDuplicates().isSorted();
		assertThat(table.leaseRows("_sem", "sem_key", "tokens")).as("the key row stays").isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void expiredSlotsAndIdleKeyRowsAreDeletedAndLaterTokensStillIncrease(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		// The clean-up runs at most once per cleanupAfter: here once a millisecond, key rows idle for a millisecond.
		JdbcSemaphoreAdapter adapter = new JdbcSemaphoreAdapter(table.dataSource(),
				table.settings().withCleanupAfter(Duration.ofMillis(1)));
		// One key, one slot at a time, expiring: the key's next acquire deletes the expired slot first.
		for (int i = 0; i < 5; i++) {
			int attempt = i + 1;
			await().atMost(Duration.ofSeconds(5))
				.until(() -> adapter.acquire("brief", 1, "owner-" + attempt, SHORT, attempt)
					instanceof AcquireResult.Acquired);
			assertThat(table.leaseRows("_sem_slots", "slot_key", "brief")).as("slot rows of the key").isEqualTo(1);
		}
		// Many keys whose slots expire and that nobody acquires again.
		List<Long> earlier = new ArrayList<>();
		String[] keys = { "k0", "k1", "k2", "k3", "k4" };
		for (String key : keys) {
			earlier.add(acquired(adapter.acquire(key, 3, "crashed", SHORT, 1)));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			adapter.release("trigger", "nobody", LockAdapter.ANY_TOKEN);
			return table.allRows("_sem_slots") == 0 && table.allRows("_sem") == 0;
		});
		long highest = earlier.stream().mapToLong(Long::longValue).max().orElseThrow();
		for (String key : keys) {
			assertThat(acquired(adapter.acquire(key, 1, "next", LONG, 2))).as("the first token of %s after the clean-up",
					key).isGreaterThan(highest);
		}
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void missingTablesAreNamed(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcLockAdapterSettings elsewhere = table.settings().withTableName(table.name() + "_none");
		assertThatExceptionOfType(MissingLockTableException.class)
			.isThrownBy(() -> new JdbcSemaphoreAdapter(table.dataSource(), elsewhere).checkSchema())
			.satisfies((ex) -> assertThat(ex.getTableName()).isEqualTo(table.name() + "_none_sem"))
			.withMessageContaining(table.name() + "_none_sem")
			.withMessageContaining(dialect.schemaLocation());
		assertThatExceptionOfType(MissingLockTableException.class)
			.isThrownBy(() -> new JdbcReadWriteLockAdapter(table.dataSource(), elsewhere).checkSchema())
			.satisfies((ex) -> assertThat(ex.getTableName()).isEqualTo(table.name() + "_none_rw"));
		// The tables the schema script created beside the lock table.
		new JdbcSemaphoreAdapter(table.dataSource(), table.settings()).checkSchema();
		new JdbcReadWriteLockAdapter(table.dataSource(), table.settings()).checkSchema();
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = { "H2", "POSTGRESQL" })
	void theSchemaScriptCreatesTheTablesInTheLockTablesSchema(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String schema = table.name() + "_schema";
		table.jdbc().execute("CREATE SCHEMA " + schema);
		this.resources.add(() -> table.jdbc().execute("DROP SCHEMA " + schema + " CASCADE"));
		String qualified = schema + ".locks";
		new ResourceDatabasePopulator(
				new ByteArrayResource(dialect.schemaScript(qualified).getBytes(StandardCharsets.UTF_8)))
			.execute(table.dataSource());
		JdbcLockAdapterSettings settings = table.settings().withTableName(qualified);
		JdbcSemaphoreAdapter semaphores = new JdbcSemaphoreAdapter(table.dataSource(), settings);
		JdbcReadWriteLockAdapter readWriteLocks = new JdbcReadWriteLockAdapter(table.dataSource(), settings);
		semaphores.checkSchema();
		readWriteLocks.checkSchema();
		assertThat(semaphores.getTableNames()).containsExactly(qualified + "_sem", qualified + "_sem_slots");
		assertThat(semaphores.acquire("k", 1, "owner", LONG, 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(readWriteLocks.acquire("k", LockMode.READ, "owner", LONG, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
	}

	@ParameterizedTest
	@EnumSource(value = JdbcDialect.class, names = "H2")
	void unstorableInputAndTooLongTableNamesAreRefused(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcSemaphoreAdapter semaphores = new JdbcSemaphoreAdapter(table.dataSource(), table.settings());
		JdbcReadWriteLockAdapter readWriteLocks = new JdbcReadWriteLockAdapter(table.dataSource(), table.settings());
		String secret = "secret-owner\0";
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> semaphores.checkStorable("k".repeat(256), "owner"))
			.withMessageContaining("256 characters");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> readWriteLocks.checkStorable("key", secret))
			.withMessageContaining("owner")
			.withMessageNotContaining("secret-owner");
		semaphores.checkStorable("k".repeat(255), "o".repeat(255));
		// 63 characters a name at most (PostgreSQL), and the longest suffix is an index's: _rw_intents_exp.
		String longest = "t".repeat(63 - "_rw_intents_exp".length());
		new JdbcSemaphoreAdapter(table.dataSource(), table.settings().withTableName(longest));
		String tooLong = longest + "t";
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new JdbcSemaphoreAdapter(table.dataSource(), table.settings().withTableName(tooLong)))
			.withMessageContaining("tableName");
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void theSchemaScriptOfALockTableTooLongForTheLeaseTablesCreatesNoneOfThemRatherThanCutNames(JdbcDialect dialect) {
		String longest = "t".repeat(63 - "_rw_intents_exp".length());
		assertThat(dialect.schemaScript(longest)).contains(longest + "_rw_intents_exp").contains(longest + "_sem_slots");
		String tooLong = "t".repeat(60);
		assertThat(dialect.schemaScript(tooLong)).contains("TABLE IF NOT EXISTS " + tooLong + " ")
			.doesNotContain(tooLong + "_sem")
			.doesNotContain(tooLong + "_rw");
	}

	private static long acquired(AcquireResult result) {
		assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
		return ((AcquireResult.Acquired) result).token();
	}

	private static long dbNow(LockTable table, String now) {
		Long value = table.jdbc().queryForObject("SELECT " + now, Long.class);
		return (value != null) ? value : 0;
	}

	private static long storedExpiry(LockTable table, String slots, String key, String owner) {
		Long value = table.jdbc()
			.queryForObject("SELECT expires_at_us FROM " + slots + " WHERE slot_key = ? AND owner = ?", Long.class, key,
					owner);
		return (value != null) ? value : 0;
	}

}
