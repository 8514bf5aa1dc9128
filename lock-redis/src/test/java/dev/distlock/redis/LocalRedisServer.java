package dev.distlock.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

import dev.distlock.test.redis.RedisServerProcess;
import dev.distlock.test.redis.TestRedis;

/**
 * A {@code redis-server} child process on a free port of 127.0.0.1 for the fault tests that lock-test-support's
 * {@link RedisServerProcess} cannot serve: it can be frozen ({@code SIGSTOP}, so the connection stays open and
 * nothing answers) and thawed, and it can keep its data across a kill, in an append-only file fsync'd on every write
 * in a temporary directory of its own. Signals go to this process's own PID only.
 */
final class LocalRedisServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final boolean persistent;

	private final boolean cluster;

	private final Path directory;

	private final Thread killOnExit = new Thread(this::kill, "local-redis-server-reaper");

	private Process process;

	private boolean frozen;

	private LocalRedisServer(int port, boolean persistent, boolean cluster, Path directory) {
		this.port = port;
		this.persistent = persistent;
		this.cluster = cluster;
		this.directory = directory;
	}

	/**
	 * Starts a server and waits until it answers {@code PING}.
	 * @param persistent whether it keeps its data across {@link #kill()} and {@link #restart()}
	 */
	static LocalRedisServer start(boolean persistent) {
		return start(persistent, false);
	}

	/**
	 * Starts a Redis Cluster of one node that serves all 16384 slots, and waits until the cluster is up: it rejects
	 * scripts whose keys are on different slots, as every cluster does.
	 */
	static LocalRedisServer startCluster() {
		LocalRedisServer server = start(false, true);
		server.command("CLUSTER ADDSLOTSRANGE 0 16383");
		Awaitility.await("cluster on port " + server.port)
			.atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> server.command("CLUSTER INFO").contains("cluster_state:ok"));
		return server;
	}

	private static LocalRedisServer start(boolean persistent, boolean cluster) {
		// Like the shared helper when redis-server is missing: skipped, or failed on CI.
		if (!isOnPath()) {
			String message = "redis-server is not on the PATH (Debian: apt-get install redis-server)";
			if (TestRedis.isCi()) {
				throw new AssertionError(message);
			}
			Assumptions.abort(message);
		}
		try {
			LocalRedisServer server = new LocalRedisServer(freePort(), persistent, cluster,
					Files.createTempDirectory("distlock-redis-"));
			Runtime.getRuntime().addShutdownHook(server.killOnExit);
			server.restart();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	/** Kills the server abruptly, like a crash, and waits until it is gone. */
	synchronized void kill() {
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
		this.frozen = false;
	}

	/** Starts the server again on the same port (with its data if persistent) and waits until it answers. */
	synchronized void restart() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(this.port),
				"--bind", "127.0.0.1", "--dir", this.directory.toString(), "--save", ""));
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
		Awaitility.await("redis-server on port " + this.port)
			.atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !started.isAlive() || answersPing());
		if (!started.isAlive()) {
			throw new IllegalStateException("redis-server exited at once with code " + started.exitValue());
		}
	}

	/** Stops the process with {@code SIGSTOP}: connections stay open, and nothing is answered until {@link #thaw()}. */
	synchronized void freeze() {
		signal("-STOP");
		this.frozen = true;
	}

	/** Lets a frozen server run on with {@code SIGCONT}; it then answers what it received meanwhile. */
	synchronized void thaw() {
		if (this.frozen) {
			signal("-CONT");
			this.frozen = false;
		}
	}

	@Override
	public synchronized void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already: the hook runs anyway.
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind is no test failure.
		}
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

	private boolean answersPing() {
		try {
			return command("PING").equals("+PONG\r\n");
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	// An inline command on a connection of its own; the reply as far as it came within a moment, raw RESP.
	private String command(String inline) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.US_ASCII) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isOnPath() {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((directory) -> new File(directory, "redis-server").canExecute());
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
