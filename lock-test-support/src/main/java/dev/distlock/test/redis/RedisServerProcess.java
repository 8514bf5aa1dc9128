package dev.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A private {@code redis-server} child process on a free port of 127.0.0.1, for tests that stop, freeze or restart
 * Redis under a running client: without persistence ({@link #start()}), keeping its data across a crash in an
 * append-only file fsync'd on every write ({@link #startPersistent()}), or as a Redis Cluster of one node serving
 * every slot ({@link #startCluster()}). Signals go to this process's own PID only.
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
 * @since 0.1.0
 */
public final class RedisServerProcess implements AutoCloseable {

	/** The executable looked up on the PATH: {@value}. */
	public static final String EXECUTABLE = "redis-server";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

	private final int port;

	private final boolean persistent;

	private final boolean cluster;

	private final Path directory;

	private final Thread killOnExit = new Thread(this::kill, "redis-server-process-reaper");

	private @Nullable Process process;

	private boolean frozen;

	private RedisServerProcess(int port, boolean persistent, boolean cluster, Path directory) {
		this.port = port;
		this.persistent = persistent;
		this.cluster = cluster;
		this.directory = directory;
	}

	/**
	 * Starts a server on a free port, without persistence, and waits until it answers {@code PING}.
	 * @return the running server
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when {@code redis-server} is not on the
	 * PATH
	 */
	public static RedisServerProcess start() {
		return start(false, false);
	}

	/**
	 * Starts a server that keeps its data across {@link #stop()} and {@link #restart()}, as a crash of a Redis with
	 * {@code appendfsync always} would.
	 * @return the running server
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when {@code redis-server} is not on the
	 * PATH
	 */
	public static RedisServerProcess startPersistent() {
		return start(true, false);
	}

	/**
	 * Starts a Redis Cluster of one node that serves all 16384 slots, and waits until the cluster is up: it rejects
	 * scripts whose keys are on different slots, as every cluster does.
	 * @return the running server
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when {@code redis-server} is not on the
	 * PATH
	 */
	public static RedisServerProcess startCluster() {
		RedisServerProcess server = start(false, true);
		server.command("CLUSTER ADDSLOTSRANGE 0 16383");
		Awaitility.await("cluster on port " + server.port)
			.atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> server.command("CLUSTER INFO").contains("cluster_state:ok"));
		return server;
	}

	private static RedisServerProcess start(boolean persistent, boolean cluster) {
		RedisProcesses.requireOnPath(EXECUTABLE);
		try {
			RedisServerProcess server = new RedisServerProcess(RedisProcesses.freePort(), persistent, cluster,
					Files.createTempDirectory("distlock-redis-"));
			Runtime.getRuntime().addShutdownHook(server.killOnExit);
			server.restart();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
	 * Starts the server again on the same port (empty, unless it was started persistent) and waits until it answers
	 * {@code PING}. Does nothing if it runs.
	 * @throws IllegalStateException if it does not answer within 10 seconds
	 */
	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(EXECUTABLE, "--port", Integer.toString(this.port), "--bind",
				RedisProcesses.HOST, "--dir", this.directory.toString(), "--save", ""));
		command.addAll(this.persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
				: List.of("--appendonly", "no"));
		if (this.cluster) {
			command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
		}
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
				.until(() -> !started.isAlive() || RedisPing.answers(RedisProcesses.HOST, this.port, PING_TIMEOUT));
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

	/**
	 * Stops the process with {@code SIGSTOP}: its connections stay open, and nothing is answered until
	 * {@link #thaw()}, as with a server frozen by a long pause.
	 * @throws IllegalStateException if the server does not run
	 */
	public synchronized void freeze() {
		signal("-STOP");
		this.frozen = true;
	}

	/** Lets a frozen server run on with {@code SIGCONT}; it then answers what it received meanwhile. */
	public synchronized void thaw() {
		if (this.frozen) {
			signal("-CONT");
			this.frozen = false;
		}
	}

	/** Kills the server if it runs and deletes its directory; safe to call more than once. */
	@Override
	public synchronized void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already: the hook runs anyway.
		}
		RedisProcesses.deleteQuietly(this.directory);
	}

	@Override
	public String toString() {
		return "RedisServerProcess[port=" + this.port + ", running=" + isRunning() + "]";
	}

	private synchronized void kill() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		// SIGKILL ends a frozen (SIGSTOPped) process as well.
		RedisProcesses.kill(running, "redis-server on port " + this.port);
		this.process = null;
		this.frozen = false;
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(running.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + running.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling redis-server", ex);
		}
	}

	// An inline command on a connection of its own; the reply as far as it came within a moment, raw RESP.
	private String command(String inline) {
		return RedisProcesses.inline(this.port, inline);
	}

}
