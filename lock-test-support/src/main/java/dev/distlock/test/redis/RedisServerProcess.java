package dev.distlock.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} child process on a free port of 127.0.0.1, without persistence, for tests that
 * stop Redis under a running client and start it again on the same port.
 *
 * <p>Usage:
 * <pre>{@code
 * private static RedisServerProcess server;
 *
 * @BeforeAll
 * static void startServer() {
 *     server = RedisServerProcess.start();     // needs redis-server on the PATH
 * }
 *
 * @AfterAll
 * static void stopServer() {
 *     if (server != null) {
 *         server.close();                      // kills it, whatever the tests did
 *     }
 * }
 *
 * // in a test: server.stop(); ...assert the client fails...; server.restart(); ...assert it recovers...
 * }</pre>
 * When {@code redis-server} is not on the PATH, {@link #start()} fails with {@code CI=true} and aborts the test
 * (reported as skipped) elsewhere. A JVM shutdown hook kills a process that was never closed.
 */
public final class RedisServerProcess implements AutoCloseable {

	/** The executable looked up on the PATH: {@value}. */
	public static final String EXECUTABLE = "redis-server";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

	private final int port;

	private final Thread killOnExit = new Thread(this::kill, "redis-server-process-reaper");

	private @Nullable Process process;

	private RedisServerProcess(int port) {
		this.port = port;
	}

	/**
	 * Starts a server on a free port and waits until it answers {@code PING}.
	 * @return the running server
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when {@code redis-server} is not on the
	 * PATH
	 */
	public static RedisServerProcess start() {
		if (!isOnPath()) {
			String message = EXECUTABLE + " is not on the PATH (Debian: apt-get install redis-server)";
			if (TestRedis.isCi()) {
				throw new AssertionError(message);
			}
			return Assumptions.abort(message);
		}
		RedisServerProcess server = new RedisServerProcess(freePort());
		Runtime.getRuntime().addShutdownHook(server.killOnExit);
		server.restart();
		return server;
	}

	/**
	 * The port the server listens on, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The server as a Redis URL.
	 * @return {@code redis://127.0.0.1:<port>}
	 */
	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Tells whether the process is alive.
	 * @return whether it runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Kills the server abruptly (like a crash, so clients see their connection drop) and waits until it is gone.
	 */
	public synchronized void stop() {
		kill();
	}

	/**
	 * Starts the server again on the same port, empty, and waits until it answers {@code PING}. Does nothing if it
	 * runs.
	 * @throws IllegalStateException if it does not answer within 10 seconds
	 */
	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		List<String> command = List.of(EXECUTABLE, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no");
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
		Process started = this.process;
		try {
			Awaitility.await("redis-server on port " + this.port)
				.atMost(STARTUP_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !started.isAlive() || RedisPing.answers("127.0.0.1", this.port, PING_TIMEOUT));
		}
		catch (RuntimeException ex) {
			kill();
			throw new IllegalStateException("redis-server did not answer on port " + this.port, ex);
		}
		if (!started.isAlive()) {
			throw new IllegalStateException("redis-server exited at once with code " + started.exitValue()
					+ "; is port " + this.port + " taken?");
		}
	}

	/** Kills the server if it runs; safe to call more than once. */
	@Override
	public synchronized void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already: the hook runs anyway.
		}
	}

	@Override
	public String toString() {
		return "RedisServerProcess[port=" + this.port + ", running=" + isRunning() + "]";
	}

	private void kill() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		running.destroyForcibly();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private static boolean isOnPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (new File(directory, EXECUTABLE).canExecute()) {
				return true;
			}
		}
		return false;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot find a free port", ex);
		}
	}

}
