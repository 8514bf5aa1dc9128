package dev.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Redis Cluster of {@value #MASTERS} masters without replicas: {@code redis-server} child processes with
 * {@code --cluster-enabled yes} on free ports of 127.0.0.1, in a temporary directory, joined by
 * {@code redis-cli --cluster create}. Nothing is persisted, and signals go to the children's own PIDs only.
 *
 * <p>Starting one takes one to two seconds, mostly {@code redis-cli} waiting for the nodes to meet, so test classes
 * share one per JVM:
 * <pre>{@code
 * private static RedisClusterProcess cluster;
 *
 * @BeforeAll
 * static void startCluster() {
 *     cluster = RedisClusterProcess.shared();   // needs redis-server and redis-cli on the PATH
 * }
 *
 * @BeforeEach
 * void flush() {
 *     cluster.flushAll();                       // FLUSHALL on every master: it is private to this JVM
 * }
 *
 * // Spring Data Redis:  new LettuceConnectionFactory(new RedisClusterConfiguration(cluster.nodes()), client)
 * // Spring Boot:        spring.data.redis.cluster.nodes = cluster.nodesProperty()
 * }</pre>
 * A class that wants a cluster of its own (to stop a node, say) calls {@link #start()} and closes it itself. Several
 * JVMs may start clusters at once: each node's client and cluster-bus ports are asked of the kernel, and a node
 * whose port another process took meanwhile is started again on other ports; a node counts as up only once the
 * server answering on its port reports the child's own PID.
 *
 * <p>When {@code redis-server} or {@code redis-cli} is not on the PATH, {@link #start()} fails with {@code CI=true}
 * and aborts the test (reported as skipped) elsewhere. A JVM shutdown hook kills the nodes of a cluster that was
 * never closed, and so ends the shared one.
 * @since 0.1.0
 */
public final class RedisClusterProcess implements AutoCloseable {

	/** The command-line tool that joins the nodes, looked up on the PATH: {@value}. */
	public static final String CLI_EXECUTABLE = "redis-cli";

	/** How many masters the cluster has: {@value}; it has no replicas. */
	public static final int MASTERS = 3;

	private static final Logger logger = LoggerFactory.getLogger(RedisClusterProcess.class);

	private static final Duration NODE_STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CLUSTER_OK_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private static final int ATTEMPTS_PER_NODE = 5;

	private static final int LOG_TAIL_LINES = 20;

	private static @Nullable RedisClusterProcess shared;

	private final Path directory;

	// The masters, once up.
	private final List<Node> nodes = new ArrayList<>();

	// Every process started, replaced ones included, so that destroy() kills each whatever failed.
	private final List<Node> launched = new ArrayList<>();

	private final Thread cleanUpOnExit = new Thread(this::destroy, "redis-cluster-process-reaper");

	private final boolean sharedInstance;

	private Duration startupTime = Duration.ZERO;

	private boolean destroyed;

	private RedisClusterProcess(Path directory, boolean sharedInstance) {
		this.directory = directory;
		this.sharedInstance = sharedInstance;
	}

	/**
	 * Starts a cluster of its own for the caller, who closes it, and waits until every node says
	 * {@code cluster_state:ok}.
	 * @return the running cluster
	 * @throws IllegalStateException if it does not come up in time; the message has the end of each node's log
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} or {@code redis-cli} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when one of them is not on the PATH
	 */
	public static RedisClusterProcess start() {
		return start(false);
	}

	/**
	 * The cluster every test class of this JVM shares, started on the first call and stopped when the JVM ends;
	 * {@link #close()} on it does nothing. Started again if it has died.
	 * @return the running cluster
	 * @throws IllegalStateException if it does not come up in time; the message has the end of each node's log
	 * @throws AssertionError with {@code CI=true} when {@code redis-server} or {@code redis-cli} is not on the PATH
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when one of them is not on the PATH
	 */
	public static synchronized RedisClusterProcess shared() {
		RedisClusterProcess current = shared;
		if (current == null || !current.isRunning()) {
			if (current != null) {
				current.destroy();
			}
			current = start(true);
			shared = current;
		}
		return current;
	}

	private static RedisClusterProcess start(boolean sharedInstance) {
		RedisProcesses.requireOnPath(RedisServerProcess.EXECUTABLE, CLI_EXECUTABLE);
		long started = System.nanoTime();
		RedisClusterProcess cluster;
		try {
			cluster = new RedisClusterProcess(Files.createTempDirectory("distlock-redis-cluster-"), sharedInstance);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a directory for the cluster", ex);
		}
		Runtime.getRuntime().addShutdownHook(cluster.cleanUpOnExit);
		try {
			cluster.startNodes();
			cluster.create();
			cluster.awaitClusterOk();
		}
		catch (RuntimeException | Error ex) {
			cluster.destroy();
			removeHook(cluster.cleanUpOnExit);
			throw ex;
		}
		cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
		logger.info("Started a Redis Cluster of {} masters at {} in {} ms", MASTERS, cluster.nodesProperty(),
				cluster.startupTime.toMillis());
		return cluster;
	}

	/**
	 * The masters' addresses, for a client's seed list, for example Spring Data Redis's
	 * {@code new RedisClusterConfiguration(cluster.nodes())}.
	 * @return {@code 127.0.0.1:<port>} for each master
	 */
	public List<String> nodes() {
		return this.nodes.stream().map((node) -> RedisProcesses.HOST + ":" + node.port()).toList();
	}

	/**
	 * The masters' client ports.
	 * @return one port per master, in the order of {@link #nodes()}
	 */
	public List<Integer> ports() {
		return this.nodes.stream().map(Node::port).toList();
	}

	/**
	 * The masters' addresses as Spring Boot's {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:<port>,127.0.0.1:<port>,...}
	 */
	public String nodesProperty() {
		return String.join(",", nodes());
	}

	/**
	 * How long {@link #start()} took, from launching the servers to {@code cluster_state:ok} on every node.
	 * @return the start-up time
	 */
	public Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * Tells whether every node's process is alive.
	 * @return whether the cluster runs
	 */
	public synchronized boolean isRunning() {
		return !this.destroyed && this.nodes.size() == MASTERS
				&& this.nodes.stream().allMatch((node) -> node.process().isAlive());
	}

	/**
	 * Deletes every key of the cluster: {@code FLUSHALL} on each master, since a node flushes only its own slots.
	 * @throws IllegalStateException if a master refuses
	 */
	public void flushAll() {
		onEveryMaster("FLUSHALL");
	}

	/**
	 * Runs one command on every master, on a connection of its own to each, for what a cluster client would send to
	 * a single node: {@code PUBSUB NUMSUB}, {@code DBSIZE}, {@code INFO}.
	 * @param command the command and its arguments, for example {@code "PUBSUB", "NUMSUB", channel}
	 * @return each master's reply, in the order of {@link #nodes()}: a {@link String} (a status or bulk reply),
	 * {@link Long}, {@code null} or a {@link List} of those
	 * @throws IllegalArgumentException if {@code command} is empty
	 * @throws IllegalStateException if a master answers with an error
	 * @throws UncheckedIOException if a master does not answer within two seconds
	 */
	public List<@Nullable Object> onEveryMaster(String... command) {
		if (command == null || command.length == 0) {
			throw new IllegalArgumentException("command must not be empty");
		}
		List<@Nullable Object> replies = new ArrayList<>(MASTERS);
		for (Node node : this.nodes) {
			Object reply = RedisProcesses.command(node.port(), Arrays.asList(command));
			if (reply instanceof RedisErrorReply error) {
				throw new IllegalStateException(
						command[0] + " failed on " + RedisProcesses.HOST + ":" + node.port() + ": " + error.message());
			}
			replies.add(reply);
		}
		return replies;
	}

	/**
	 * The master that serves a hash slot, as the cluster's own {@code CLUSTER SLOTS} says.
	 * @param slot the slot, {@code 0} to {@code 16383}
	 * @return that master's client port, one of {@link #ports()}
	 * @throws IllegalArgumentException if {@code slot} is out of range
	 * @throws IllegalStateException if no master serves it
	 */
	public int portOfSlot(int slot) {
		if (slot < 0 || slot > 16383) {
			throw new IllegalArgumentException("slot must be between 0 and 16383, was " + slot);
		}
		Object reply = RedisProcesses.command(this.nodes.get(0).port(), List.of("CLUSTER", "SLOTS"));
		if (reply instanceof List<?> ranges) {
			for (Object range : ranges) {
				if (range instanceof List<?> entry && entry.size() >= 3 && entry.get(0) instanceof Long start
						&& entry.get(1) instanceof Long end && entry.get(2) instanceof List<?> master
						&& master.size() >= 2 && master.get(1) instanceof Long port && start <= slot && slot <= end) {
					return port.intValue();
				}
			}
		}
		throw new IllegalStateException("No master serves slot " + slot + " (CLUSTER SLOTS: " + reply + ")");
	}

	/** Kills every node and deletes the cluster's directory; safe to call more than once; nothing on the shared one. */
	@Override
	public void close() {
		if (this.sharedInstance) {
			return;
		}
		destroy();
		removeHook(this.cleanUpOnExit);
	}

	@Override
	public String toString() {
		return "RedisClusterProcess[nodes=" + nodesProperty() + ", running=" + isRunning() + "]";
	}

	private synchronized void destroy() {
		if (this.destroyed) {
			return;
		}
		this.destroyed = true;
		for (Node node : this.launched) {
			RedisProcesses.kill(node.process(), "redis-server on port " + node.port());
		}
		RedisProcesses.deleteQuietly(this.directory);
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already: the hook runs anyway.
		}
	}

	// All nodes are launched before any is waited for, so their start-ups overlap.
	private void startNodes() {
		List<Node> launched = new ArrayList<>(MASTERS);
		for (int i = 0; i < MASTERS; i++) {
			launched.add(launchNode());
		}
		for (Node candidate : launched) {
			Node node = candidate;
			for (int attempt = 1; !awaitUp(node); attempt++) {
				String tail = RedisProcesses.tail(node.log(), LOG_TAIL_LINES);
				if (attempt == ATTEMPTS_PER_NODE) {
					throw new IllegalStateException("redis-server did not start in " + ATTEMPTS_PER_NODE
							+ " attempts; the last, on port " + node.port() + ", logged:\n" + tail);
				}
				logger.debug("redis-server on port {} did not start, trying other ports:\n{}", node.port(), tail);
				RedisProcesses.kill(node.process(), "redis-server on port " + node.port());
				node = launchNode();
			}
			this.nodes.add(node);
		}
	}

	private Node launchNode() {
		int port = RedisProcesses.freePort();
		int busPort = RedisProcesses.freePort();
		while (busPort == port) {
			busPort = RedisProcesses.freePort();
		}
		Path log = this.directory.resolve("redis-" + port + ".log");
		// An explicit bus port: the default, port + 10000, may be taken or above 65535.
		List<String> command = List.of(RedisServerProcess.EXECUTABLE, "--port", Integer.toString(port),
				"--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort), "--cluster-config-file",
				this.directory.resolve("nodes-" + port + ".conf").toString(), "--dir", this.directory.toString(),
				"--save", "", "--appendonly", "no", "--bind", RedisProcesses.HOST, "--daemonize", "no");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Node node = new Node(port, process, log);
			synchronized (this) {
				this.launched.add(node);
			}
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	// Up means: the server on the port is this child, not another process's that took the port first.
	private static boolean awaitUp(Node node) {
		String pid = "process_id:" + node.process().pid();
		try {
			Awaitility.await("redis-server on port " + node.port())
				.atMost(NODE_STARTUP_TIMEOUT)
				.pollInterval(POLL_INTERVAL)
				.until(() -> !node.process().isAlive() || reply(node, "INFO", "server").contains(pid));
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
		return node.process().isAlive();
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of(CLI_EXECUTABLE, "--cluster", "create"));
		command.addAll(nodes());
		command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		Path log = this.directory.resolve("cluster-create.log");
		try {
			Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			if (!cli.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				RedisProcesses.kill(cli, CLI_EXECUTABLE);
				throw new IllegalStateException(failure(CLI_EXECUTABLE + " --cluster create did not end within "
						+ CREATE_TIMEOUT.toSeconds() + " seconds"));
			}
			if (cli.exitValue() != 0) {
				throw new IllegalStateException(
						failure(CLI_EXECUTABLE + " --cluster create failed with exit code " + cli.exitValue()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating the cluster", ex);
		}
	}

	private void awaitClusterOk() {
		String knownNodes = "cluster_known_nodes:" + MASTERS;
		try {
			Awaitility.await("cluster_state:ok on every node")
				.atMost(CLUSTER_OK_TIMEOUT)
				.pollInterval(POLL_INTERVAL)
				.until(() -> this.nodes.stream().allMatch((node) -> {
					String info = reply(node, "CLUSTER", "INFO");
					return info.contains("cluster_state:ok") && info.contains(knownNodes);
				}));
		}
		catch (ConditionTimeoutException ex) {
			String states = this.nodes.stream()
				.map((node) -> node.port() + ": " + reply(node, "CLUSTER", "INFO").lines()
					.filter((line) -> line.startsWith("cluster_state") || line.startsWith("cluster_known_nodes")
							|| line.startsWith("cluster_slots_assigned"))
					.collect(Collectors.joining(", ")))
				.collect(Collectors.joining("; "));
			throw new IllegalStateException(failure("Not every node said cluster_state:ok within "
					+ CLUSTER_OK_TIMEOUT.toSeconds() + " seconds (" + states + ")"), ex);
		}
	}

	// The reply as text, or nothing while the node does not answer (or answers an error such as -LOADING).
	private static String reply(Node node, String... command) {
		try {
			Object reply = RedisProcesses.command(node.port(), List.of(command));
			return (reply instanceof String text) ? text : "";
		}
		catch (UncheckedIOException ex) {
			return "";
		}
	}

	private String failure(String what) {
		StringBuilder message = new StringBuilder("Redis Cluster did not come up: ").append(what);
		for (Node node : this.nodes) {
			Process process = node.process();
			message.append("\n--- redis-server on port ")
				.append(node.port())
				.append(" (PID ")
				.append(process.pid())
				.append(process.isAlive() ? ", running" : ", exited with " + process.exitValue())
				.append("), end of its log ---\n")
				.append(RedisProcesses.tail(node.log(), LOG_TAIL_LINES));
		}
		Path create = this.directory.resolve("cluster-create.log");
		if (Files.exists(create)) {
			message.append("\n--- ")
				.append(CLI_EXECUTABLE)
				.append(" --cluster create ---\n")
				.append(RedisProcesses.tail(create, LOG_TAIL_LINES));
		}
		return message.toString();
	}

	private record Node(int port, Process process, Path log) {
	}

}
