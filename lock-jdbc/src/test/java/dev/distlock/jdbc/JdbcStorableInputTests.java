package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.Namespace;

/**
 * Keys and owners the lock table cannot store exactly are rejected when the lock is created or restored, with an
 * {@link IllegalArgumentException} that names the argument and never shows the owner; never truncated, never
 * replaced. What fits, exactly 255 characters with the namespace, in characters of up to three bytes or in
 * surrogate pairs, goes through the whole round trip unchanged.
 */
class JdbcStorableInputTests {

	private static final String SMILE = "\uD83D\uDE00";

	private static final List<String> NOT_TEXT = List.of("a\u0000b", "\u0000", "a\uD83D", "\uDE00a", "a\uDE00\uD83Db",
			"\uD83D\uD83D\uDE00x");

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void keysAndOwnersTheTableCannotStoreExactlyAreRejectedUpFront(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		LockProvider provider = provider(table);
		String secret = "owner-secret-" + UUID.randomUUID();
		Expiry.Resolved expiry = Expiry.after(Duration.ofMinutes(1));

		// "lock:_rt:" and 247 characters: one too many.
		assertRejected(() -> provider.create("k".repeat(247)), "key", secret);
		assertRejected(() -> provider.create("a" + SMILE.repeat(123)), "key", secret);
		assertRejected(() -> provider.restore(new LockHandle("lock", "k".repeat(247), secret, expiry, 7)), "key",
				secret);
		String longOwner = secret + "x".repeat(256 - secret.length());
		assertRejected(() -> provider.create("k", LockSettings.defaults().withOwner(longOwner)), "owner", secret);
		assertRejected(() -> provider.restore(new LockHandle("lock", "k", longOwner, expiry, 7)), "owner", secret);
		for (String notText : NOT_TEXT) {
			assertRejected(() -> provider.create("k" + notText), "key", secret);
			assertRejected(() -> provider.restore(new LockHandle("lock", "k" + notText, secret, expiry, 7)), "key",
					secret);
			String owner = secret + notText;
			assertRejected(() -> provider.create("k", LockSettings.defaults().withOwner(owner)), "owner", secret);
			assertRejected(() -> provider.restore(new LockHandle("lock", "k", owner, expiry, 7)), "owner", secret);
		}

		assertThat(table.jdbc().queryForObject("SELECT COUNT(*) FROM " + table.name(), Integer.class))
			.as("rows written").isZero();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void keysAndOwnersOfExactly255CharactersGoThroughUnchanged(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		LockProvider provider = provider(table);
		// Three bytes a character in UTF-8, the most a character of the basic plane takes; and surrogate pairs.
		// With "lock:_rt:", the namespace and the root marker, 246 characters make 255.
		List<String> keys = List.of("€".repeat(246), SMILE.repeat(123), "k".repeat(245) + "é");
		List<String> owners = List.of("€".repeat(255), "o" + SMILE.repeat(127), "ü".repeat(254) + " ");

		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			String owner = owners.get(i);
			assertThat(Namespace.DEFAULT.qualify(key).length()).isEqualTo(JdbcLockAdapter.MAX_LENGTH);
			assertThat(owner.length()).isEqualTo(JdbcLockAdapter.MAX_LENGTH);
			Lock lock = provider.create(key, LockSettings.defaults().withOwner(owner));

			assertThat(lock.acquire()).isTrue();
			long token = lock.getFencingToken().orElseThrow();
			assertThat(table.rows(Namespace.DEFAULT.qualify(key))).as("rows of the whole key").isEqualTo(1);
			assertThat(provider.create(key).getState()).isEqualTo(new LockState.Unavailable(owner));
			String shorter = key.substring(0, key.offsetByCodePoints(key.length(), -1));
			assertThat(provider.create(shorter).acquire()).as("the key one character shorter, another key").isTrue();
			Lock restored = provider.restore(lock.toHandle());
			assertThat(restored.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
					(acquired) -> assertThat(acquired.token()).isEqualTo(token));
			assertThat(restored.refresh()).isTrue();
			assertThat(restored.release()).isTrue();
			assertThat(provider.create(key).getState()).isInstanceOf(LockState.Expired.class);
		}
	}

	private LockProvider provider(LockTable table) {
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(table.dataSource(), table.settings()));
		return this.resources.add(LockProvider.builder(adapter).build());
	}

	// Named, so that the caller knows what to fix; the owner never shown, since it is a credential.
	private static void assertRejected(ThrowingCallable creation, String argument, String secret) {
		Throwable thrown = catchThrowable(creation);
		assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(argument + " ");
		assertThat(thrown.getMessage()).doesNotContain(secret).doesNotContain("owner-secret");
	}

}
