package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;

/**
 * On PostgreSQL a release is announced with {@code NOTIFY} only when a waiter of another adapter (another process)
 * marked the hold before it slept: an uncontended release sends nothing (a notifying commit would serialize with every other one), a contended one
 * sends exactly one notification, and a losing acquire writes nothing (it leaves the row's version alone).
 */
class PostgresReleaseAnnouncementTests {

	private LockTable table;

	private JdbcLockAdapter adapter;

	private Connection listening;

	@BeforeEach
	void listen() throws SQLException {
		this.table = LockTable.in(JdbcDialect.POSTGRESQL);
		this.adapter = new JdbcLockAdapter(this.table.dataSource(), this.table.settings());
		this.listening = DriverManager.getConnection(this.table.jdbcUrl(), this.table.username(),
				this.table.password());
		try (Statement statement = this.listening.createStatement()) {
			statement.execute("LISTEN \"" + this.table.settings().notificationChannel() + "\"");
		}
	}

	@AfterEach
	void close() throws SQLException {
		this.listening.close();
		this.adapter.close();
		this.table.close();
	}

	@Test
	void anUncontendedReleaseSendsNoNotification() throws SQLException {
		long token = acquired("quiet", "owner-a");
		assertThat(this.adapter.release("quiet", "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
		// Proof that the channel works: a contended release on another key arrives, and nothing else came before it.
		long other = acquired("busy", "owner-a");
		// The waiter in another adapter, a stand-in for another process: a waiter of the holder's own adapter needs no
		// announcement, since the release there wakes it directly.
		try (JdbcLockAdapter waiters = new JdbcLockAdapter(this.table.dataSource(), this.table.settings());
				ReleaseWatch watch = waiters.watchReleases("busy")) {
			assertThat(waiters.acquire("busy", "owner-b", Duration.ofMinutes(1), 2))
				.isInstanceOf(AcquireResult.Unavailable.class);
			markBySleeping(watch);
			assertThat(this.adapter.release("busy", "owner-a", other)).isEqualTo(UpdateResult.UPDATED);
		}
		List<String> payloads = awaitPayloads(1);
		assertThat(payloads).hasSize(1).allSatisfy((payload) -> assertThat(payload).endsWith(":busy"));
	}

	@Test
	void aLosingAcquireLeavesTheRowUntouched() {
		acquired("held", "owner-a");
		Object before = xmin("held");
		assertThat(this.adapter.acquire("held", "owner-b", Duration.ofMinutes(1), 7))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(xmin("held")).isEqualTo(before);
	}

	private long acquired(String key, String owner) {
		AcquireResult result = this.adapter.acquire(key, owner, Duration.ofMinutes(1), 1);
		assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
		return ((AcquireResult.Acquired) result).token();
	}

	// A waiter marks the hold right before it sleeps; a short await is enough to make it do so.
	private static void markBySleeping(ReleaseWatch watch) {
		try {
			watch.await(Duration.ofMillis(1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private Object xmin(String key) {
		return this.table.jdbc().queryForObject("SELECT xmin::text FROM " + this.table.name() + " WHERE lock_key = ?",
				String.class, key);
	}

	private List<String> awaitPayloads(int count) {
		List<String> payloads = new ArrayList<>();
		PGConnection notifications;
		try {
			notifications = this.listening.unwrap(PGConnection.class);
		}
		catch (SQLException ex) {
			throw new AssertionError(ex);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			PGNotification[] received = notifications.getNotifications(100);
			if (received != null) {
				Arrays.stream(received).map(PGNotification::getParameter).forEach(payloads::add);
			}
			return payloads.size() >= count;
		});
		return payloads;
	}

}
