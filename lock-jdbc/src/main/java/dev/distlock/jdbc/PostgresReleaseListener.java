package dev.distlock.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection per adapter that {@code LISTEN}s on the release channel and hands every notification's payload to
 * the adapter, on one daemon thread. Liveness comes from the connection itself: a lost connection is noticed by the
 * driver, or at the latest by a {@code SELECT 1} every few seconds, and is replaced with backoff; while it is down
 * {@link #isListening()} is {@code false} and waiters poll.
 */
final class PostgresReleaseListener implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PostgresReleaseListener.class);

	private static final int POLL_MILLIS = 500;

	private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(5);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final String channel;

	private final Consumer<String> onPayload;

	private final Runnable onListening;

	private final Thread thread;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition closing = this.lock.newCondition();

	private volatile boolean closed;

	private volatile boolean listening;

	/**
	 * Creates a listener; {@link #start()} starts it.
	 * @param dataSource where its connection comes from (held for as long as the listener runs)
	 * @param channel the channel to listen on
	 * @param onPayload called with each notification's payload, on the listener's thread
	 * @param onListening called each time listening starts, the first time and after every reconnection, when
	 * releases may have been missed
	 */
	PostgresReleaseListener(DataSource dataSource, String channel, Consumer<String> onPayload, Runnable onListening) {
		this.dataSource = dataSource;
		this.channel = channel;
		this.onPayload = onPayload;
		this.onListening = onListening;
		this.thread = new Thread(this::run, "distlock-jdbc-listener-" + channel);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	boolean isListening() {
		return this.listening;
	}

	private void run() {
		Duration backoff = FIRST_BACKOFF;
		boolean failedBefore = false;
		while (!this.closed) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGConnection notifications = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN \"" + this.channel + "\"");
				}
				this.listening = true;
				if (failedBefore) {
					logger.info("Listening for lock releases on channel '{}' again", this.channel);
				}
				failedBefore = false;
				backoff = FIRST_BACKOFF;
				this.onListening.run();
				try {
					listen(connection, notifications);
				}
				finally {
					// Down from this moment: waiters poll while the connection is given back or thrown away.
					this.listening = false;
					stopListening(connection);
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.closed) {
					break;
				}
				if (!failedBefore) {
					logger.warn("Lost the connection that listens for lock releases on channel '{}'; waiters poll "
							+ "until it is back: {}", this.channel, ex.toString());
				}
				else {
					logger.debug("Still cannot listen for lock releases on channel '{}'", this.channel, ex);
				}
				failedBefore = true;
			}
			finally {
				this.listening = false;
			}
			awaitBackoff(backoff);
			backoff = (backoff.compareTo(MAX_BACKOFF.dividedBy(2)) > 0) ? MAX_BACKOFF : backoff.multipliedBy(2);
		}
	}

	private void listen(Connection connection, PGConnection notifications) throws SQLException {
		long nextProbe = System.nanoTime() + PROBE_NANOS;
		while (!this.closed) {
			PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
			if (received != null) {
				for (PGNotification notification : received) {
					deliver(notification.getParameter());
				}
			}
			if (System.nanoTime() - nextProbe >= 0) {
				// A connection whose peer vanished without a word would otherwise wait for good.
				try (Statement probe = connection.createStatement()) {
					probe.setQueryTimeout(5);
					probe.execute("SELECT 1");
				}
				nextProbe = System.nanoTime() + PROBE_NANOS;
			}
		}
	}

	// A pooled connection must not go back still listening, on any path: its next user would collect our messages,
	// and notifications nobody reads hold back PostgreSQL's queue. One that cannot say UNLISTEN is thrown away.
	private static void stopListening(Connection connection) {
		try {
			if (connection.isClosed()) {
				return;
			}
		}
		catch (SQLException ex) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(5);
			statement.execute("UNLISTEN *");
		}
		catch (SQLException | RuntimeException ex) {
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException abortFailed) {
				logger.debug("Failed to discard the listening connection", abortFailed);
			}
		}
	}

	private void deliver(String payload) {
		try {
			this.onPayload.accept(payload);
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to handle a lock release notification", ex);
		}
	}

	private void awaitBackoff(Duration backoff) {
		this.lock.lock();
		try {
			long nanos = backoff.toNanos();
			while (!this.closed && nanos > 0) {
				nanos = this.closing.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.closed = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops listening; the thread gives the connection back within one poll, and this waits for it a little. */
	@Override
	public void close() {
		this.closed = true;
		this.lock.lock();
		try {
			this.closing.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		// Not closed from here: a pooled connection closed under the reading thread would go back to the pool while
		// still in use. The thread sees the flag within one poll and closes it itself.
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(2));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
