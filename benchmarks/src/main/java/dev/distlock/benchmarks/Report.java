package dev.distlock.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Turns one run's raw files into the Markdown table and the PNG chart. */
final class Report {

	private static final Pattern A = Pattern.compile("a-(.+)-t(\\d+)-r(\\d+)\\.json");

	private static final Pattern PROBE = Pattern.compile("probe-(.+)\\.json");

	private static final Pattern B1 = Pattern.compile("b-(.+)-j1-r(\\d+)\\.json");

	// b-LIBRARY-jJVMS-JVM-rROUND.json: one JVM of a run with several (2 JVMs x 4 threads, the 4-JVM fan-out).
	private static final Pattern BN = Pattern.compile("b-(.+)-j(\\d+)-(\\d+)-r(\\d+)\\.json");

	// Files of runs on the private Redis Cluster carry this after the library's name.
	private static final String CLUSTER = "-cluster";

	private static final Pattern C = Pattern.compile("c-memory-t(\\d+)\\.json");

	private static final List<String> WAITING = List.of("distlock", "redisson", "redisson-sized", "si-spin", "si-pubsub");

	private static final List<String> JDBC_WAITING = List.of("distlock-jdbc", "distlock-jdbc-no-notify", "si-jdbc");

	// library -> threads -> scores of the rounds
	private final Map<String, Map<Integer, List<Double>>> uncontended = new TreeMap<>();

	// library -> threads -> JMH's 99.9% confidence half-widths of the rounds
	private final Map<String, Map<Integer, List<Double>>> uncontendedError = new TreeMap<>();

	private final Map<String, JsonObject> commands = new TreeMap<>();

	// JDBC library -> its JdbcProbe result (calls per cycle and their times, 1 and 8 threads)
	private final Map<String, JsonObject> jdbcProbes = new TreeMap<>();

	private final Map<String, List<JsonObject>> oneJvm = new TreeMap<>();

	// JVMs -> library -> round -> the JVMs' results
	private final Map<Integer, Map<String, Map<Integer, List<JsonObject>>>> multiJvm = new TreeMap<>();

	private final Map<String, Double> memory = new TreeMap<>();

	private final Map<String, Double> annotation = new TreeMap<>();

	private JsonObject machine = new JsonObject();

	private JsonObject renewal = new JsonObject();

	private final StringBuilder md = new StringBuilder();

	private final List<String> failures = new ArrayList<>();

	private final List<String[]> verdicts = new ArrayList<>();

	private Report() {
	}

	static void write(Path dir, Path markdown, Path png) throws IOException {
		Report report = new Report();
		report.load(dir);
		Path mdDir = Objects.requireNonNull(markdown.toAbsolutePath().getParent());
		Files.writeString(markdown, report.markdown(dir, mdDir), StandardCharsets.UTF_8);
		report.chart(png);
	}

	private void load(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.sorted().toList()) {
				String name = file.getFileName().toString();
				Matcher m;
				if (name.equals("failures.txt")) {
					this.failures.addAll(Files.readAllLines(file).stream().filter((l) -> !l.isBlank()).toList());
				}
				else if (name.equals("machine.json")) {
					this.machine = Json.read(file).getAsJsonObject();
				}
				else if ((m = A.matcher(name)).matches()) {
					for (JsonElement run : Json.read(file).getAsJsonArray()) {
						JsonObject metric = run.getAsJsonObject().getAsJsonObject("primaryMetric");
						double score = metric.get("score").getAsDouble();
						double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble()
								: Double.NaN;
						this.uncontendedError.computeIfAbsent(m.group(1), (k) -> new TreeMap<>())
							.computeIfAbsent(Integer.parseInt(m.group(2)), (k) -> new ArrayList<>())
							.add(error);
						this.uncontended.computeIfAbsent(m.group(1), (k) -> new TreeMap<>())
							.computeIfAbsent(Integer.parseInt(m.group(2)), (k) -> new ArrayList<>())
							.add(score);
					}
				}
				else if ((m = PROBE.matcher(name)).matches()) {
					(LockClient.JDBC_LIBRARIES.contains(m.group(1)) ? this.jdbcProbes : this.commands).put(m.group(1),
							Json.read(file).getAsJsonObject());
				}
				else if ((m = B1.matcher(name)).matches()) {
					this.oneJvm.computeIfAbsent(m.group(1), (k) -> new ArrayList<>()).add(Json.read(file).getAsJsonObject());
				}
				else if ((m = BN.matcher(name)).matches()) {
					this.multiJvm.computeIfAbsent(Integer.parseInt(m.group(2)), (k) -> new TreeMap<>())
						.computeIfAbsent(m.group(1), (k) -> new TreeMap<>())
						.computeIfAbsent(Integer.parseInt(m.group(4)), (k) -> new ArrayList<>())
						.add(Json.read(file).getAsJsonObject());
				}
				else if (name.equals("e-renewal.json")) {
					this.renewal = Json.read(file).getAsJsonObject();
				}
				else if (C.matcher(name).matches() || name.equals("d-annotation.json")) {
					Map<String, Double> into = name.startsWith("c-") ? this.memory : this.annotation;
					for (JsonElement run : Json.read(file).getAsJsonArray()) {
						JsonObject result = run.getAsJsonObject();
						String benchmark = result.get("benchmark").getAsString();
						into.put(benchmark.substring(benchmark.lastIndexOf('.') + 1),
								result.getAsJsonObject("primaryMetric").get("score").getAsDouble());
					}
				}
			}
		}
	}

	// ---- the numbers, averaged over rounds

	private double a(String library, int threads) {
		List<Double> scores = this.uncontended.getOrDefault(library, Map.of()).get(threads);
		return (scores == null) ? Double.NaN : scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	private double aError(String library, int threads) {
		List<Double> errors = this.uncontendedError.getOrDefault(library, Map.of()).get(threads);
		return (errors == null) ? Double.NaN : errors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	private String aCell(String library, int threads) {
		double error = aError(library, threads);
		return fmt(a(library, threads), 0) + (Double.isNaN(error) ? "" : " ± " + fmt(error, 0));
	}

	private double b1(String library, String field) {
		List<JsonObject> runs = this.oneJvm.get(library);
		if (runs == null) {
			return Double.NaN;
		}
		ToDoubleFunction<JsonObject> value = (run) -> run.has(field) ? run.get(field).getAsDouble() : Double.NaN;
		boolean worst = field.startsWith("max") || field.endsWith("Max") || field.equals("violations")
				|| field.equals("failedAcquires");
		boolean least = field.endsWith("Min");
		if (worst) {
			return runs.stream().mapToDouble(value).max().orElse(Double.NaN);
		}
		if (least) {
			return runs.stream().mapToDouble(value).min().orElse(Double.NaN);
		}
		return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
	}

	private Map<String, Map<Integer, List<JsonObject>>> jvmRuns(int jvms) {
		return this.multiJvm.getOrDefault(jvms, Map.of());
	}

	/** Sum over the JVMs of a round, averaged over rounds (or the max over JVMs and rounds for max fields). */
	private double bn(int jvms, String library, String field, boolean sum) {
		Map<Integer, List<JsonObject>> rounds = jvmRuns(jvms).get(library);
		if (rounds == null) {
			return Double.NaN;
		}
		List<Double> perRound = new ArrayList<>();
		for (List<JsonObject> runs : rounds.values()) {
			double combined = sum ? 0 : Double.NEGATIVE_INFINITY;
			for (JsonObject jvm : runs) {
				double v = number(jvm, field);
				combined = sum ? combined + v : Math.max(combined, v);
			}
			perRound.add(combined);
		}
		return sum ? perRound.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)
				: Collections.max(perRound);
	}

	/** The ratio of two sums over the JVMs of each round, averaged over rounds. */
	private double bnRatio(int jvms, String library, String numerator, String denominator) {
		Map<Integer, List<JsonObject>> rounds = jvmRuns(jvms).get(library);
		if (rounds == null) {
			return Double.NaN;
		}
		return rounds.values().stream().mapToDouble((runs) -> {
			double top = runs.stream().mapToDouble((jvm) -> number(jvm, numerator)).sum();
			double bottom = runs.stream().mapToDouble((jvm) -> number(jvm, denominator)).sum();
			return top / bottom;
		}).average().orElse(Double.NaN);
	}

	/** The smallest thread's critical sections as a share of the mean per thread over all JVMs; the worst round. */
	private double bnMinShare(int jvms, String library) {
		Map<Integer, List<JsonObject>> rounds = jvmRuns(jvms).get(library);
		if (rounds == null) {
			return Double.NaN;
		}
		return rounds.values().stream().mapToDouble((runs) -> {
			double total = runs.stream().mapToDouble((jvm) -> number(jvm, "criticalSections")).sum();
			double threads = runs.stream().mapToDouble((jvm) -> number(jvm, "threads")).sum();
			double least = runs.stream().mapToDouble((jvm) -> number(jvm, "perThreadMin")).min().orElse(Double.NaN);
			return least / (total / threads);
		}).min().orElse(Double.NaN);
	}

	/** Critical sections of each JVM in a run (the first round), for the "split" column. */
	private String bnSplit(int jvms, String library) {
		Map<Integer, List<JsonObject>> rounds = jvmRuns(jvms).get(library);
		if (rounds == null || rounds.isEmpty()) {
			return "–";
		}
		List<JsonObject> runs = new ArrayList<>(rounds.values().iterator().next());
		runs.sort((x, y) -> Double.compare(number(x, "jvmIndex"), number(y, "jvmIndex")));
		List<String> parts = new ArrayList<>();
		for (JsonObject jvm : runs) {
			parts.add(fmt(number(jvm, "criticalSections"), 0));
		}
		return String.join(" / ", parts);
	}

	/** Commands the library sent per critical section, summed over the JVMs of each run, averaged over rounds. */
	private Map<String, Double> bnSent(int jvms, String library) {
		Map<String, Double> sent = new TreeMap<>();
		Map<Integer, List<JsonObject>> rounds = jvmRuns(jvms).get(library);
		if (rounds == null) {
			return sent;
		}
		for (List<JsonObject> runs : rounds.values()) {
			double sections = runs.stream().mapToDouble((jvm) -> number(jvm, "criticalSections")).sum();
			for (JsonObject jvm : runs) {
				if (jvm.has("sentCommands")) {
					jvm.getAsJsonObject("sentCommands").entrySet()
						.forEach((e) -> sent.merge(e.getKey(), e.getValue().getAsDouble() / sections / rounds.size(),
								Double::sum));
				}
			}
		}
		return sent;
	}

	/** Commands the library sent per critical section or cycle: from the 1-JVM runs of b, or the probe of a. */
	private Map<String, Double> sent(String library, boolean contended) {
		Map<String, Double> sent = new TreeMap<>();
		if (!contended) {
			JsonObject probe = this.commands.get(library);
			if (probe != null && probe.has("sentPerCycle")) {
				probe.getAsJsonObject("sentPerCycle").entrySet().forEach((e) -> sent.put(e.getKey(), e.getValue().getAsDouble()));
			}
			return sent;
		}
		List<JsonObject> runs = this.oneJvm.getOrDefault(library, List.of());
		for (JsonObject run : runs) {
			if (run.has("sentPerCriticalSection")) {
				run.getAsJsonObject("sentPerCriticalSection").entrySet()
					.forEach((e) -> sent.merge(e.getKey(), e.getValue().getAsDouble() / runs.size(), Double::sum));
			}
		}
		return sent;
	}

	private static double total(Map<String, Double> commands) {
		return commands.isEmpty() ? Double.NaN : commands.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	// "evalsha release 1.00, evalsha acquire 0.02 (1.02)": what was sent, largest first, with the total.
	private static String commandsCell(Map<String, Double> commands) {
		if (commands.isEmpty()) {
			return "–";
		}
		List<Map.Entry<String, Double>> entries = new ArrayList<>(commands.entrySet());
		entries.sort((x, y) -> Double.compare(y.getValue(), x.getValue()));
		List<String> parts = new ArrayList<>();
		for (Map.Entry<String, Double> entry : entries) {
			if (entry.getValue() >= 0.005) {
				parts.add(entry.getKey() + " " + fmt(entry.getValue(), 2));
			}
		}
		return String.join(", ", parts) + " (**" + fmt(total(commands), 2) + "**)";
	}

	// What Redis ran per critical section or cycle, summed: commands inside scripts included.
	private double serverTotal(String library, boolean contended) {
		if (!contended) {
			JsonObject probe = this.commands.get(library);
			if (probe == null) {
				return Double.NaN;
			}
			return probe.getAsJsonObject("commandsPerCycle").entrySet().stream()
				.mapToDouble((e) -> e.getValue().getAsDouble())
				.sum();
		}
		List<JsonObject> runs = this.oneJvm.getOrDefault(library, List.of());
		return runs.stream()
			.mapToDouble((run) -> run.getAsJsonObject("commandsPerCriticalSection (all JVMs)").entrySet().stream()
				.mapToDouble((e) -> e.getValue().getAsDouble())
				.sum())
			.average()
			.orElse(Double.NaN);
	}

	private double perCs(String library, String command) {
		return sent(library, true).getOrDefault(command, this.oneJvm.containsKey(library) ? 0.0 : Double.NaN);
	}

	// The counter holds "<count>:<jvm>"; sections of all JVMs minus the count at the end: updates lost to a second holder.
	private long lostUpdates(int jvms, String library) {
		long lost = 0;
		for (List<JsonObject> runs : jvmRuns(jvms).getOrDefault(library, Map.of()).values()) {
			long sections = 0;
			long counter = 0;
			for (JsonObject jvm : runs) {
				sections += jvm.get("criticalSectionsIncludingWarmup").getAsLong();
				counter = Math.max(counter, jvm.get("redisCounterAtEnd").getAsLong());
			}
			lost += sections - counter;
		}
		return lost;
	}

	private static String label(String library) {
		return library.endsWith(CLUSTER) ? library.substring(0, library.length() - CLUSTER.length()) + " (cluster)"
				: library;
	}

	// Each library, followed by its cluster row when the run has one.
	private List<String> withCluster(List<String> libraries, java.util.function.Predicate<String> present) {
		List<String> rows = new ArrayList<>();
		for (String library : libraries) {
			if (present.test(library)) {
				rows.add(library);
			}
			if (present.test(library + CLUSTER)) {
				rows.add(library + CLUSTER);
			}
		}
		return rows;
	}

	// ---- Markdown

	private String markdown(Path dir, Path mdDir) {
		Path raw = mdDir.relativize(dir.toAbsolutePath());
		String rawLink = raw.toString().isEmpty() ? "this folder" : "[`" + raw + "/`](" + raw + "/)";
		Path repository = Objects.requireNonNull(Objects.requireNonNull(dir.toAbsolutePath().getParent()).getParent());
		Path readme = mdDir.relativize(repository.resolve("README.md"));
		String only = str("only").equals("?") ? "" : str("only");
		line("# distlock benchmarks: results of " + str("date") + (only.isEmpty() ? "" : " (only " + only + ")"));
		line("");
		line("Raw files: " + rawLink + ". Produced by `benchmarks/run" + ("full".equals(str("mode")) ? " --full" : "")
				+ (only.isEmpty() ? "" : " --only " + only) + "` (mode: " + str("mode") + "); see [benchmarks/README.md]("
				+ readme + ") for what each scenario does and how to read it.");
		line("");
		line("| machine | |");
		line("|---|---|");
		line("| CPU | " + str("cpu") + " |");
		line("| cores (`nproc`) | " + str("nproc") + " |");
		line("| JDK | " + str("jdk") + " |");
		if (hasRedis()) {
			line("| Redis | " + str("redis") + ", private server on 127.0.0.1, no persistence, flushed before every run |");
			if (this.machine.has("redisCluster")) {
				line("| Redis Cluster (rows marked \"(cluster)\") | " + str("redisCluster") + ", private, same options, "
						+ "every master flushed before every run |");
			}
		}
		if (hasJdbc()) {
			line("| PostgreSQL (scenario f) | " + str("postgres") + " at `" + str("postgresUrl") + "`, shared with other "
					+ "work on this machine; tables of the run's own, dropped at the end |");
		}
		line("| load average before the run (1, 5, 15 min) | " + str("loadBefore") + " |");
		line("| load average after the run (includes the benchmark's own 8+ threads) | " + str("loadAfter") + " |");
		line("| commit | " + str("commit") + " |");
		line("");
		if (parseLoad(str("loadBefore")) >= 1.0) {
			line("> **Noisy run:** the 1-minute load average was 1.0 or more on this 2-core machine (other builds were "
					+ "running), so absolute numbers are low and ratios between libraries are the part to read.");
			line("");
		}
		targets();
		if (hasRedis()) {
			scenarioA();
			scenarioB();
		}
		if (!this.memory.isEmpty()) {
			scenarioC();
		}
		if (!this.annotation.isEmpty()) {
			scenarioD();
		}
		if (hasJdbc()) {
			scenarioF();
		}
		return this.md.toString();
	}

	private boolean hasRedis() {
		return LockClient.REDIS_LIBRARIES.stream()
			.anyMatch((l) -> this.uncontended.containsKey(l) || this.oneJvm.containsKey(l) || this.commands.containsKey(l))
				|| !this.multiJvm.isEmpty();
	}

	private boolean hasJdbc() {
		return LockClient.JDBC_LIBRARIES.stream()
			.anyMatch((l) -> this.uncontended.containsKey(l) || this.oneJvm.containsKey(l) || this.jdbcProbes.containsKey(l));
	}

	private void targets() {
		if (hasRedis()) {
			redisTargets();
		}
		if (!this.memory.isEmpty()) {
			memoryTargets();
		}
		if (!this.annotation.isEmpty()) {
			annotationTargets();
		}
		if (this.renewal.has("lost")) {
			renewalTargets();
		}
		if (hasJdbc()) {
			jdbcTargets();
		}
		verdicts();
	}

	private void redisTargets() {
		double floor1 = a("lettuce-floor", 1);
		double floor8 = a("lettuce-floor", 8);
		Map<String, Double> distlockSent = sent("distlock", false);
		// The floor runs the adapter's own scripts (line prelude, fencing-token counter), so the ratio is what distlock's
		// client adds: both send the same commands (the sent column), and Redis runs the same inside them.
		target("a", "distlock ≥ 0.95× the raw floor running the same scripts (fencing tokens included), 1 thread",
				a("distlock", 1) / floor1, 0.95, true, isNoisy("distlock", 1) || isNoisy("lettuce-floor", 1),
				"Both send " + commandsCell(distlockSent) + " vs the floor's " + commandsCell(sent("lettuce-floor", false))
						+ " per cycle. Measured at 1 thread, as shares of the floor: the adapter alone (`distlock-adapter-only`) "
						+ fmt(a("distlock-adapter-only", 1) / floor1, 2) + ", + provider, lock objects and events with "
						+ "counter owners (`distlock-cheap-owner`) " + fmt(a("distlock-cheap-owner", 1) / floor1, 2)
						+ ", as shipped " + fmt(a("distlock", 1) / floor1, 2) + ", with JMH intervals of ±"
						+ fmt(100 * aError("distlock", 1) / a("distlock", 1), 0) + "% (distlock) and ±"
						+ fmt(100 * aError("lettuce-floor", 1) / floor1, 0) + "% (floor) in this run: at 1 thread every "
						+ "library waits for its round trips, so the ratio is within the noise of quick mode. What "
						+ "distlock adds per cycle is client CPU: a connection wrapper from Spring's factory and a wait on "
						+ "Lettuce's asynchronous future (for its own command timeout) where the floor calls the sync API, "
						+ "a random UUID owner, two event objects on the local bus and the observer, and the line "
						+ "bookkeeping (is anyone of this JVM waiting for the key?).");
		double springData = a("distlock-adapter-only", 8) / floor8;
		double provider = a("distlock-cheap-owner", 8) / floor8;
		double shipped = a("distlock", 8) / floor8;
		String layers = "Measured at 8 threads, as shares of the floor: the adapter alone (`distlock-adapter-only`) "
				+ fmt(springData, 2) + ", + provider, lock objects and events with counter owners ("
				+ "`distlock-cheap-owner`) " + fmt(provider, 2) + ", + the default `UUID.randomUUID()` owners (as shipped) "
				+ fmt(shipped, 2) + ". The floor calls Lettuce's sync API directly; distlock's adapter asks Spring's "
				+ "connection factory for a connection wrapper per call, converts keys and arguments to bytes, and waits "
				+ "on Lettuce's asynchronous future with its own command timeout; the default owner generator draws from "
				+ "the JDK's shared `SecureRandom`. With 8 threads "
				+ "on 2 cores the client's CPU, not the round trip, is the limit, so every microsecond outside Redis "
				+ "shows. Quick-mode intervals are wide: differences under ~15% may be noise.";
		target("a", "distlock ≥ 0.9× the raw floor, 8 threads", shipped, 0.9, true, layers);
		for (int threads : new int[] { 1, 8 }) {
			String better = (a("si-pubsub", threads) > a("si-spin", threads)) ? "si-pubsub" : "si-spin";
			double si = Math.max(a("si-spin", threads), a("si-pubsub", threads));
			target("a", "distlock ≥ Spring Integration `RedisLockRegistry` (the better of spin and pub-sub: `" + better
					+ "`), " + threads + " thread" + ((threads == 1) ? "" : "s"), a("distlock", threads) / si, 1.0, true,
					isNoisy("distlock", threads) || isNoisy(better, threads),
					"Per cycle distlock sends " + commandsCell(distlockSent) + " and Redis runs "
							+ fmt(serverTotal("distlock", false), 1) + " commands in all (inside its scripts: the type and "
							+ "owner checks, the line's head, the fencing-token counter, the hash and its expiry); "
							+ "`" + better + "` sends " + commandsCell(sent(better, false)) + " and Redis runs "
							+ fmt(serverTotal(better, false), 1) + ". distlock runs " + fmt(a("distlock", threads)
									/ a("lettuce-floor", threads), 2)
							+ "× the floor that sends the same scripts, and Spring Integration "
							+ fmt(si / a("lettuce-floor", threads), 2) + "× it: "
							+ ((threads == 1) ? "at 1 thread the round trips and the work inside the scripts set the pace"
									: "at 8 threads on 2 cores the client's CPU per cycle (previous lines) sets it")
							+ "; quick-mode intervals are wide.");
		}

		double cs = b1("distlock", "criticalSectionsPerSecond");
		double sentPerCs = total(sent("distlock", true));
		String path = "Per critical section (1 JVM × 8 threads) distlock sends " + commandsCell(sent("distlock", true))
				+ ": the release hands the key to this JVM's entry in the line and lets the next local waiter take "
				+ "its place in the same script, and the waiter is woken in memory from the release's reply (hand-off p50 "
				+ fmt(b1("distlock", "handoffP50Micros"), 0) + " µs, " + fmt(100 * b1("distlock", "grantMessagesReceived")
						/ b1("distlock", "criticalSections"), 0)
				+ " grant messages per 100 critical sections); a critical section takes " + fmt(1e6 / cs, 0) + " µs in "
				+ "all, so what is left beyond the one round trip is the woken thread getting a core (8 runnable "
				+ "threads, Netty's event loop, Redis and the JIT share 2) and the client's CPU per call.";
		target("b", "distlock ≥ 2× Redisson (as shipped) critical sections/s (1 JVM × 8 threads)",
				cs / b1("redisson", "criticalSectionsPerSecond"), 2.0, true, path + " Redisson sends "
						+ commandsCell(sent("redisson", true)) + " per critical section: its waiters each retry after a "
						+ "pub/sub message, and a released key goes to whichever retry arrives first.");
		target("b", "distlock ≥ 1.5× Spring Integration pub-sub (`si-pubsub`) critical sections/s (1 JVM × 8 threads)",
				cs / b1("si-pubsub", "criticalSectionsPerSecond"), 1.5, true, path + " Spring Integration queues this "
						+ "JVM's threads on a local `ReentrantLock` first, so it also hands over in memory, and sends "
						+ commandsCell(sent("si-pubsub", true)) + " per critical section (the next holder's acquire "
						+ "script after the release's).");
		target("b", "distlock hand-off p99 ≤ 300 µs (1 JVM × 8 threads)", b1("distlock", "handoffP99Micros"), 300,
				false, "Hand-off p50 " + fmt(b1("distlock", "handoffP50Micros"), 0) + " µs, max "
						+ fmt(b1("distlock", "handoffMaxMicros"), 0) + " µs: the release's reply wakes the next waiter "
						+ "(a semaphore); with 8 runnable threads on 2 cores, the time it waits for a core lands in the "
						+ "tail, as do GC pauses.");
		target("b", "distlock Redis commands sent per critical section ≤ 2 (1 JVM × 8 threads, counted on the client)",
				sentPerCs, 2.0, false, "Sent per critical section: " + commandsCell(sent("distlock", true))
						+ ". `evalsha acquire` beyond 0 are waiters that asked Redis themselves (the first of this JVM "
						+ "to join the line, or one whose wait ran out); `evalsha leave` are waits that gave up.");

		double two = bn(2, "distlock", "criticalSectionsPerSecond", true);
		double twoMaxWait = bn(2, "distlock", "maxWaitMillis", false);
		double longWaits = bn(2, "distlock", "waitsOver900Millis", true);
		String twoJvmPath = "2 JVMs × 4 threads: critical sections per JVM " + bnSplit(2, "distlock") + ", "
				+ fmt(100 * bnRatio(2, "distlock", "fromOtherJvm", "criticalSections"), 0) + "% of them taken over from "
				+ "the other JVM, waits over 900 ms (near the 1 s poll interval: a waiter that was not in Redis's line "
				+ "or whose grant went unheard) " + fmt(longWaits, 0) + ", over 100 ms "
				+ fmt(bn(2, "distlock", "waitsOver100Millis", true), 0) + "; sent per critical section "
				+ commandsCell(bnSent(2, "distlock")) + "."
				+ ((longWaits > 0) ? " Compare 4 JVMs × 2 threads (fan-out, below: critical sections per JVM "
						+ bnSplit(4, "distlock") + ", waits over 900 ms " + fmt(bn(4, "distlock", "waitsOver900Millis", true), 0)
						+ "): with 2 threads a JVM has at most one local waiter, so no release's script lets a second one "
						+ "join the line; long waits only with 4 threads per JVM point at that step." : "");
		target("b", "distlock ≥ 1.5× Spring Integration spin (`si-spin`) critical sections/s (2 JVMs × 4 threads)",
				two / bn(2, "si-spin", "criticalSectionsPerSecond", true), 1.5, true, twoJvmPath
						+ " distlock serves the JVMs in turn, first come first served: every hand-off between JVMs costs "
						+ "the release, the grant message to the other JVM and its waiter's wake-up, then the critical "
						+ "section's own 2 round trips (`GET` + `SET` of the counter). `si-spin` keeps the key inside one "
						+ "JVM (" + fmt(100 * bnRatio(2, "si-spin", "fromOtherJvm", "criticalSections"), 0)
						+ "% taken over from the other JVM) and lets the other wait up to "
						+ fmt(bn(2, "si-spin", "maxWaitMillis", false), 0) + " ms ("
						+ fmt(bn(2, "si-spin", "waitsOver900Millis", true), 0) + " waits over 900 ms, smallest thread share "
						+ fmt(100 * bnMinShare(2, "si-spin"), 0) + "%): its rate is one JVM's in-memory hand-offs, which "
						+ "the fairness targets below rule out. Reaching 1.5× it while fair would take batching several "
						+ "hand-offs inside a JVM per turn (a bounded unfairness), not done.");
		target("b", "distlock max wait ≤ 100 ms (2 JVMs × 4 threads), ms", twoMaxWait, 100, false, twoJvmPath);
		target("b", "every distlock thread ≥ 50% of the mean share of critical sections (2 JVMs × 4 threads; smallest "
				+ "share shown)", bnMinShare(2, "distlock"), 0.5, true, twoJvmPath);
		String fanOut = "Grant messages received, summed over the JVMs: " + fmt(bn(4, "distlock", "grantMessagesReceived",
				true), 0) + " for " + fmt(bn(4, "distlock", "fromOtherJvm", true), 0) + " critical sections taken over from "
				+ "another JVM and " + fmt(bn(4, "distlock", "criticalSections", true), 0) + " in all (4 JVMs × 2 threads); "
				+ fmt(bn(2, "distlock", "grantMessagesReceived", true), 0) + " for "
				+ fmt(bn(2, "distlock", "fromOtherJvm", true), 0) + " of " + fmt(bn(2, "distlock", "criticalSections", true), 0)
				+ " (2 JVMs × 4 threads). A grant is published on the waiting JVM's own channel only, so more messages "
				+ "than hand-offs between JVMs would mean JVMs hear grants that are not theirs.";
		target("b", "fan-out: grant messages per hand-off between JVMs ≤ 1 (4 JVMs × 2 threads, one key)",
				bnRatio(4, "distlock", "grantMessagesReceived", "fromOtherJvm"), 1.0, false, fanOut);
		target("b", "fan-out: grant messages per hand-off between JVMs ≤ 1 (2 JVMs × 4 threads)",
				bnRatio(2, "distlock", "grantMessagesReceived", "fromOtherJvm"), 1.0, false, fanOut);
		target("b", "fan-out: grant messages per critical section inside one JVM = 0 (1 JVM × 8 threads)",
				b1("distlock", "grantMessagesReceived") / b1("distlock", "criticalSections"), 0, false,
				"A hand-off to a waiter of the releasing JVM is answered in the release's reply and published nowhere; "
						+ "messages here mean grants to this JVM went through Redis's pub/sub instead.");
		target("b", "Redis: mutual-exclusion violations, lost counter updates and failed acquires, every run "
				+ "(standalone, cluster, 1, 2 and 4 JVMs; must be 0)", redisBroken(), 0, false,
				"A second holder inside a critical section, an update of the Redis counter lost to one in another JVM, or "
						+ "a blocking acquire that gave up after 60 s: see the run's logs.");
	}

	private double redisBroken() {
		double broken = 0;
		for (String library : this.oneJvm.keySet()) {
			String base = library.endsWith(CLUSTER) ? library.substring(0, library.length() - CLUSTER.length()) : library;
			if (LockClient.REDIS_LIBRARIES.contains(base)) {
				broken += b1(library, "violations") + b1(library, "failedAcquires");
			}
		}
		for (int jvms : this.multiJvm.keySet()) {
			for (String library : jvmRuns(jvms).keySet()) {
				broken += Math.max(0, lostUpdates(jvms, library)) + bn(jvms, library, "violations", true)
						+ bn(jvms, library, "failedAcquires", true);
			}
		}
		return broken;
	}

	private void memoryTargets() {
		target("c", "memory adapter ≥ 5M cycles/s on 1 thread (reused Lock)", this.memory.getOrDefault(
				"uncontendedDistlock", Double.NaN) / 1e6, 5.0, true,
				"Every acquire and release goes through `DefaultLock.observe` and publishes an event object on the local "
						+ "bus; the lock reads the ticker around the acquire (to refuse an answer that came after the TTL), "
						+ "draws an attempt id, and the adapter allocates an `Entry` and an `AcquireResult` and updates a "
						+ "`ConcurrentSkipListSet` expiry queue; a `ConcurrentHashMap` pair does none of that. This "
						+ "machine's own floors move by several times between runs (`ConcurrentHashMap` "
						+ fmt(this.memory.getOrDefault("uncontendedConcurrentHashMap", Double.NaN) / 1e6, 1)
						+ "M ops/s here), so read it as a share of them: "
						+ fmt(this.memory.getOrDefault("uncontendedDistlock", Double.NaN)
								/ this.memory.getOrDefault("uncontendedConcurrentHashMap", Double.NaN), 2)
						+ "× `ConcurrentHashMap`.");
		target("c", "memory adapter contended ≥ 0.5× fair ReentrantLock (8 threads, one key)",
				this.memory.getOrDefault("contendedDistlock", Double.NaN)
						/ this.memory.getOrDefault("contendedReentrantLockFair", Double.NaN), 0.5, true,
				"A waiter parks on a semaphore and is woken by `ReleaseSignals` through a `ConcurrentHashMap.compute` on "
						+ "the key; the woken thread then competes with barging threads, so some wake-ups are wasted.");
	}

	private void annotationTargets() {
		double overhead = this.annotation.getOrDefault("annotatedLiteralKey", Double.NaN)
				- this.annotation.getOrDefault("directLiteralKey", Double.NaN);
		double overheadSpel = this.annotation.getOrDefault("annotatedParameterKey", Double.NaN)
				- this.annotation.getOrDefault("directParameterKey", Double.NaN);
		target("d", "`@DistributedLock` overhead ≤ 2 µs (literal key), µs", overhead / 1e3, 2.0, false,
				"The interceptor looks up the cached attributes, evaluates the key expression and builds the lock per "
						+ "call.");
		target("d", "`@DistributedLock` overhead ≤ 2 µs (key from a parameter, SpEL), µs", overheadSpel / 1e3, 2.0,
				false, "SpEL evaluation of `#id` per call (an `EvaluationContext` and parameter-name discovery).");
		// The nested call of the same key reuses the outer hold: what it adds over the outer call alone.
		double reentrant = this.annotation.getOrDefault("annotatedReentrant", Double.NaN)
				- this.annotation.getOrDefault("annotatedLiteralKey", Double.NaN);
		target("d", "`@DistributedLock` overhead ≤ 2 µs (a nested call reusing the enclosing hold), µs", reentrant / 1e3,
				2.0, false, "The nested call evaluates its key and walks the thread's frames; no backend call.");
		double skip = this.annotation.getOrDefault("annotatedSkip", Double.NaN)
				- this.annotation.getOrDefault("directSkip", Double.NaN);
		target("d", "`@DistributedLock` overhead ≤ 2 µs (skip: key held elsewhere, empty value returned), µs",
				skip / 1e3, 2.0, false, "The failed acquire, the skip decision and the empty value for the return type.");
	}

	private void renewalTargets() {
		target("e", "renewing 10,000 held locks: Redis round trips per renewal period, per 100 locks ≤ 1",
				number(this.renewal, "roundTripsPerPeriodPer100Locks"), 1.0, false,
				"Each renewal batch is one script call of up to a few hundred holds; more calls per period mean the "
						+ "holds fell into more batches (acquired over a longer time than half a period).");
		target("e", "renewed locks found lost while renewed (must be 0)", number(this.renewal, "lost"), 0, false,
				"A renewal was late or failed: see the run's log.");
	}

	private void jdbcTargets() {
		for (int threads : new int[] { 1, 8 }) {
			String cycles = "threads" + threads;
			double noNotify = a("distlock-jdbc-no-notify", threads) / a("shedlock-jdbc", threads);
			String cause = "Per cycle at " + threads + " thread" + ((threads == 1) ? "" : "s") + " (`JdbcProbe`: calls "
					+ "× mean time, counted on the client): distlock " + jdbcCycle("distlock-jdbc", cycles) + "; ShedLock "
					+ jdbcCycle("shedlock-jdbc", cycles) + "; distlock without NOTIFY (`distlock-jdbc-no-notify`) "
					+ jdbcCycle("distlock-jdbc-no-notify", cycles) + ", which runs " + fmt(noNotify, 2) + "× ShedLock "
					+ "in the JMH measurement. ";
			if (threads == 1) {
				cause += "On one thread a cycle is two commits for every library (ShedLock's are explicit `commit`s, "
						+ "distlock's statements run in autocommit), and each commit waits for its WAL flush "
						+ "(`synchronous_commit` on): the flushes, not the round trips, set the pace, so distlock's two "
						+ "round trips against ShedLock's four gain little, and quick mode cannot tell the two apart. "
						+ "Taking a flush out of the cycle (a release that does not wait for its flush) would move it, "
						+ "but a release lost in a database crash would then strand a lock without expiry: distlock "
						+ "does not do it.";
			}
			else {
				cause += "An uncontended release sends no NOTIFY (only a waiter of another process marks a hold as "
						+ "contended), so with and without notifications distlock runs the same two statements; what "
						+ "remains is how the database shares its flushes among 8 threads' commits, which moves with "
						+ "the machine's other work: compare the statements' mean times above.";
			}
			target("f", "distlock JDBC ≥ ShedLock `JdbcTemplateLockProvider` (`usingDbTime()`), uncontended, " + threads
					+ " thread" + ((threads == 1) ? "" : "s"), a("distlock-jdbc", threads) / a("shedlock-jdbc", threads), 1.0,
					true, isNoisy("distlock-jdbc", threads) || isNoisy("shedlock-jdbc", threads), cause);
		}
		double distlock = b1("distlock-jdbc", "criticalSectionsPerSecond");
		double attempts = jdbcPerCs("distlock-jdbc", "WITH");
		double quiet = b1("distlock-jdbc-no-notify", "criticalSectionsPerSecond") / b1("si-jdbc", "criticalSectionsPerSecond");
		target("f", "distlock JDBC ≥ 1.5× Spring Integration `JdbcLockRegistry` critical sections/s (1 JVM × 8 threads)",
				distlock / b1("si-jdbc", "criticalSectionsPerSecond"), 1.5, true,
				"Per critical section: distlock " + jdbcCallsCell(csCalls("distlock-jdbc")) + ": " + fmt(attempts, 2)
						+ " acquire statements, of which " + fmt(attempts - 1, 2) + " fail while the key is held (a "
						+ "losing attempt only reads: no transaction id, no flush). Spring Integration queues this JVM's "
						+ "threads on a local `ReentrantLock` before touching the database, so the database sees one "
						+ "thread at a time and no failed attempt: " + jdbcCallsCell(csCalls("si-jdbc")) + ". Both pay two "
						+ "flushed commits per hand-off (the holder's release, the next holder's acquire); distlock "
						+ "pays its failed attempts on top, each a round trip and a statement on the same 2 cores, "
						+ "because every waiter of the JVM, and the releasing thread's own next acquire, ask the "
						+ "database (without NOTIFY distlock runs " + fmt(quiet, 2)
						+ "× Spring Integration). 1.5× needs one flush per hand-off: a same-JVM hand-off in which one "
						+ "owner- and token-checked `UPDATE` passes the row straight to the longest local waiter, and "
						+ "local queueing so that only one thread per JVM asks the database (the hand-off design of "
						+ "the contended-locks issue).");
		double broken = 0;
		for (String library : JDBC_WAITING) {
			if (this.oneJvm.containsKey(library)) {
				broken += b1(library, "violations") + b1(library, "failedAcquires");
			}
		}
		target("f", "JDBC contended: mutual-exclusion violations and failed acquires, all libraries (must be 0)", broken,
				0, false, "A second holder inside the critical section, or a blocking acquire that gave up after 60 s: "
						+ "see the run's logs.");
	}

	// "WITH 1.00 × 350 µs, UPDATE 1.00 × 360 µs = 2.00 round trips, 800 µs a cycle"
	private String jdbcCycle(String library, String threads) {
		JsonObject probe = this.jdbcProbes.get(library);
		if (probe == null || !probe.has(threads)) {
			return "–";
		}
		JsonObject run = probe.getAsJsonObject(threads);
		JsonObject means = run.getAsJsonObject("meanMicrosPerCall");
		List<String> parts = new ArrayList<>();
		run.getAsJsonObject("callsPerCycle").entrySet().forEach((e) -> {
			double perCycle = e.getValue().getAsDouble();
			if (JdbcCalls.isRoundTrip(e.getKey()) && perCycle >= 0.005) {
				parts.add("`" + e.getKey() + "` " + fmt(perCycle, 2) + " × " + fmt(means.get(e.getKey()).getAsDouble(), 0)
						+ " µs");
			}
		});
		return String.join(", ", parts) + " = " + fmt(run.get("roundTripsPerCycle").getAsDouble(), 2) + " round trips, "
				+ fmt(run.get("cycleMicros").getAsDouble(), 0) + " µs a cycle";
	}

	private Map<String, Double> csCalls(String library) {
		Map<String, Double> calls = new TreeMap<>();
		List<JsonObject> runs = this.oneJvm.get(library);
		if (runs == null) {
			return calls;
		}
		for (JsonObject run : runs) {
			if (run.has("jdbcCallsPerCriticalSection")) {
				run.getAsJsonObject("jdbcCallsPerCriticalSection").entrySet()
					.forEach((e) -> calls.merge(e.getKey(), e.getValue().getAsDouble() / runs.size(), Double::sum));
			}
		}
		return calls;
	}

	private double jdbcPerCs(String library, String label) {
		return this.oneJvm.containsKey(library) ? csCalls(library).getOrDefault(label, 0.0) : Double.NaN;
	}

	private static String jdbcCallsCell(Map<String, Double> calls) {
		List<String> parts = new ArrayList<>();
		calls.forEach((label, perCycle) -> {
			if (JdbcCalls.isRoundTrip(label) && perCycle >= 0.005) {
				parts.add(label + " " + fmt(perCycle, 2));
			}
		});
		return parts.isEmpty() ? "–" : String.join(", ", parts);
	}

	private void verdicts() {
		line("## Targets and measured ratios");
		line("");
		line("| scenario | target | measured | verdict |");
		line("|---|---|---|---|");
		for (String[] verdict : this.verdicts) {
			line("| " + verdict[0] + " | " + verdict[1] + " | " + verdict[2] + " | " + verdict[3] + " |");
		}
		line("");
		List<String[]> missed = this.verdicts.stream()
			.filter((v) -> v[3].startsWith("**missed") || v[3].startsWith("inconclusive"))
			.toList();
		if (!missed.isEmpty()) {
			line("### Why the missed (or inconclusive) targets are so (likely causes)");
			line("");
			for (String[] verdict : missed) {
				line("- **" + verdict[1] + "** (" + verdict[2] + "): " + verdict[4]);
			}
			line("");
		}
		line("Violations of mutual exclusion over every run: **" + totalViolations() + "** (must be 0).");
		line("");
		if (!this.failures.isEmpty()) {
			line("Runs that failed (see the logs in the raw folder): " + String.join("; ", this.failures));
			line("");
		}
	}

	private static double number(JsonObject object, String field) {
		return object.has(field) ? object.get(field).getAsDouble() : Double.NaN;
	}

	// A JMH interval wider than half the score: the run cannot tell a ratio near the bound from noise.
	private boolean isNoisy(String library, int threads) {
		return aError(library, threads) > a(library, threads) / 2;
	}

	private void target(String scenario, String what, double measured, double bound, boolean atLeast, String cause) {
		target(scenario, what, measured, bound, atLeast, false, cause);
	}

	private void target(String scenario, String what, double measured, double bound, boolean atLeast, boolean noisy,
			String cause) {
		String verdict;
		if (noisy && !Double.isNaN(measured)) {
			verdict = "inconclusive (" + ((atLeast ? measured >= bound : measured <= bound) ? "met" : "missed")
					+ " within noise)";
		}
		else if (Double.isNaN(measured)) {
			verdict = "not measured";
		}
		else if (atLeast ? measured >= bound : measured <= bound) {
			verdict = "met";
		}
		else {
			verdict = "**missed**";
		}
		this.verdicts.add(new String[] { scenario, what, fmt(measured, 2), verdict, cause });
	}

	private long totalViolations() {
		long total = 0;
		for (List<JsonObject> runs : this.oneJvm.values()) {
			for (JsonObject run : runs) {
				total += run.get("violations").getAsLong();
			}
		}
		for (int jvms : this.multiJvm.keySet()) {
			for (String library : jvmRuns(jvms).keySet()) {
				total += Math.max(0, lostUpdates(jvms, library));
				for (List<JsonObject> runs : Objects.requireNonNull(jvmRuns(jvms).get(library)).values()) {
					for (JsonObject jvm : runs) {
						total += jvm.get("violations").getAsLong();
					}
				}
			}
		}
		return total;
	}

	private void scenarioA() {
		line("## a. Uncontended acquire + release, distinct keys (cycles/s, higher is better)");
		line("");
		line("JMH throughput, with JMH's 99.9% confidence interval (± half-width) over the measurement iterations. "
				+ "Rows marked (cluster) ran on the private 3-master Redis Cluster. Sent: the commands the library sent "
				+ "per cycle, counted on the client (`SentCommands`; distlock's `EVALSHA` by script), total in bold. Run "
				+ "by Redis: `INFO commandstats` per cycle, summed over the masters, commands inside scripts included.");
		line("");
		line("| library | 1 thread | 8 threads | sent per cycle | run by Redis per cycle | configuration |");
		line("|---|---:|---:|---|---:|---|");
		for (String library : withCluster(LockClient.REDIS_LIBRARIES,
				(l) -> this.uncontended.containsKey(l) || this.commands.containsKey(l))) {
			JsonObject probe = this.commands.get(library);
			String config = (probe != null) ? probe.get("config").getAsString() : "";
			line("| " + label(library) + " | " + aCell(library, 1) + " | " + aCell(library, 8) + " | "
					+ commandsCell(sent(library, false)) + " | " + fmt(serverTotal(library, false), 1) + " | " + config
					+ " |");
		}
		line("");
		line("Where distlock's time goes, as a share of the floor's cycles/s (the two diagnostics add one layer each):");
		line("");
		line("| layer | 1 thread | 8 threads |");
		line("|---|---:|---:|");
		for (String[] layer : new String[][] { { "lettuce-floor", "raw Lettuce, same scripts by SHA" },
				{ "distlock-adapter-only", "+ the adapter (RedisLockAdapter called directly)" },
				{ "distlock-cheap-owner", "+ LockProvider, Lock, events, counter owners" },
				{ "distlock", "+ random UUID owners: distlock as shipped" } }) {
			line("| " + layer[1] + " | " + fmt(a(layer[0], 1) / a("lettuce-floor", 1), 2) + " | "
					+ fmt(a(layer[0], 8) / a("lettuce-floor", 8), 2) + " |");
		}
		if (this.uncontended.containsKey("distlock" + CLUSTER)) {
			line("| on the cluster: distlock as shipped / the floor on the cluster | "
					+ fmt(a("distlock" + CLUSTER, 1) / a("lettuce-floor" + CLUSTER, 1), 2) + " | "
					+ fmt(a("distlock" + CLUSTER, 8) / a("lettuce-floor" + CLUSTER, 8), 2) + " |");
		}
		line("");
	}

	private void scenarioB() {
		line("## b. Contended: one key, blocking acquire + " + (ContendedHarness.CRITICAL_SECTION_NANOS / 1000)
				+ " µs critical section + release");
		line("");
		line("One JVM × 8 threads. Hand-off = the previous holder's release returning → the next acquire returning. "
				+ "Same-thread share = critical sections whose thread also ran the previous one. Grant messages: what "
				+ "distlock's adapter received on its grant channels (a hand-off inside one JVM needs none). Sent: "
				+ "commands the library sent per critical section, on the client, total in bold; run by Redis: "
				+ "`INFO commandstats`, inside scripts included.");
		line("");
		line("| library | critical sections/s | hand-off p50 µs | p99 µs | max µs | wait p99 ms | max wait ms | "
				+ "same-thread share | per thread min–max | violations | grant messages per critical section | sent per "
				+ "critical section | run by Redis |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|");
		for (String library : withCluster(WAITING, this.oneJvm::containsKey)) {
			line("| " + label(library) + " | " + fmt(b1(library, "criticalSectionsPerSecond"), 0) + " | "
					+ fmt(b1(library, "handoffP50Micros"), 0) + " | " + fmt(b1(library, "handoffP99Micros"), 0) + " | "
					+ fmt(b1(library, "handoffMaxMicros"), 0) + " | " + fmt(b1(library, "waitP99Micros") / 1e3, 1) + " | "
					+ fmt(b1(library, "maxWaitMillis"), 1) + " | " + fmt(b1(library, "sameThreadShare") * 100, 0) + "% | "
					+ fmt(b1(library, "perThreadMin"), 0) + "–" + fmt(b1(library, "perThreadMax"), 0) + " | "
					+ fmt(b1(library, "violations") + b1(library, "failedAcquires"), 0) + " | "
					+ fmt(b1(library, "grantMessagesReceived") / b1(library, "criticalSections"), 3) + " | "
					+ commandsCell(sent(library, true)) + " | " + fmt(serverTotal(library, true), 1) + " |");
		}
		line("");
		for (int jvms : this.multiJvm.keySet()) {
			Map<String, Map<Integer, List<JsonObject>>> runs = jvmRuns(jvms);
			if (runs.isEmpty()) {
				continue;
			}
			int threads = (int) number(runs.values().iterator().next().values().iterator().next().get(0), "threads");
			line(jvms + " JVMs × " + threads + " threads, same key" + ((jvms == 4) ? " (fan-out)" : "") + ". The critical "
					+ "section also reads and writes a counter in Redis (`GET` + `SET`, not atomic) to catch a second "
					+ "holder in another JVM, so it is 2 round trips longer than above; the counter names the JVM that "
					+ "wrote it, so each JVM counts the critical sections it took over from another (\"from another "
					+ "JVM\"). Smallest thread share: the thread with the fewest critical sections, as a share of the mean "
					+ "per thread over all JVMs. Grant messages: summed over the JVMs, per critical section and per "
					+ "critical section taken over from another JVM.");
			line("");
			line("| library | critical sections/s (all JVMs) | per JVM | max wait ms | waits > 100 ms | waits > 900 ms | "
					+ "smallest thread share | from another JVM | grant messages per critical section | per hand-off "
					+ "between JVMs | sent per critical section | lost counter updates | violations |");
			line("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
			for (String library : withCluster(WAITING, runs::containsKey)) {
				boolean grants = !Double.isNaN(bn(jvms, library, "grantMessagesReceived", true));
				line("| " + label(library) + " | " + fmt(bn(jvms, library, "criticalSectionsPerSecond", true), 0) + " | "
						+ bnSplit(jvms, library) + " | " + fmt(bn(jvms, library, "maxWaitMillis", false), 1) + " | "
						+ fmt(bn(jvms, library, "waitsOver100Millis", true), 0) + " | "
						+ fmt(bn(jvms, library, "waitsOver900Millis", true), 0) + " | "
						+ fmt(100 * bnMinShare(jvms, library), 0) + "% | "
						+ fmt(100 * bnRatio(jvms, library, "fromOtherJvm", "criticalSections"), 0) + "% | "
						+ (grants ? fmt(bnRatio(jvms, library, "grantMessagesReceived", "criticalSections"), 3) : "–") + " | "
						+ (grants ? fmt(bnRatio(jvms, library, "grantMessagesReceived", "fromOtherJvm"), 3) : "–") + " | "
						+ commandsCell(bnSent(jvms, library)) + " | " + lostUpdates(jvms, library) + " | "
						+ fmt(bn(jvms, library, "violations", true) + bn(jvms, library, "failedAcquires", true), 0) + " |");
			}
			line("");
		}
	}

	private void scenarioC() {
		line("## c. Memory adapter vs java.util.concurrent (operations/s, higher is better)");
		line("");
		line("Uncontended: 1 thread, its own key. Contended: 8 threads, one key, critical section `Blackhole.consumeCPU("
				+ MemoryBenchmark.CS_TOKENS + ")`.");
		line("");
		line("| benchmark | ops/s |");
		line("|---|---:|");
		this.memory.forEach((name, score) -> line("| " + name + " | " + fmt(score, 0) + " |"));
		line("");
	}

	private void scenarioD() {
		line("## d. `@DistributedLock` vs calling the LockProvider (memory adapter, ns per call, lower is better)");
		line("");
		line("| benchmark | ns/call |");
		line("|---|---:|");
		this.annotation.forEach((name, score) -> line("| " + name + " | " + fmt(score, 0) + " |"));
		line("");
	}

	private void scenarioF() {
		line("## f. JDBC on PostgreSQL: uncontended and contended (cycles/s and critical sections/s, higher is better)");
		line("");
		line("Same PostgreSQL for every library, a HikariCP pool of " + BenchJdbc.POOL_SIZE + " connections each, 30 s "
				+ "leases. Uncontended: JMH as in a (distinct keys, 1 and 8 threads, ± JMH's 99.9% half-width). Calls per "
				+ "cycle: `JdbcProbe`, counted on the client (statements by their first SQL word, `commit`, "
				+ "`getTransactionIsolation`: one round trip each; pool checkouts not shown); mean time per call at 1 "
				+ "thread / 8 threads.");
		line("");
		line("| library | 1 thread | 8 threads | JDBC calls per cycle | mean µs per call (1 / 8 threads) | configuration |");
		line("|---|---:|---:|---|---|---|");
		for (String library : LockClient.JDBC_LIBRARIES) {
			JsonObject probe = this.jdbcProbes.get(library);
			String perCycle = "";
			String means = "";
			String config = "";
			if (probe != null) {
				JsonObject one = probe.getAsJsonObject("threads1");
				JsonObject eight = probe.getAsJsonObject("threads8");
				Map<String, Double> calls = new TreeMap<>();
				one.getAsJsonObject("callsPerCycle").entrySet().forEach((e) -> {
					if (JdbcCalls.isRoundTrip(e.getKey())) {
						calls.put(e.getKey(), e.getValue().getAsDouble());
					}
				});
				perCycle = jdbcCallsCell(calls) + " (" + fmt(one.get("roundTripsPerCycle").getAsDouble(), 2)
						+ " round trips)";
				List<String> parts = new ArrayList<>();
				calls.forEach((label, count) -> {
					if (count >= 0.005) {
						parts.add(label + " " + fmt(mean(one, label), 0) + " / " + fmt(mean(eight, label), 0));
					}
				});
				means = String.join(", ", parts);
				config = probe.get("config").getAsString();
			}
			if (probe == null && !this.uncontended.containsKey(library)) {
				continue;
			}
			line("| " + library + " | " + aCell(library, 1) + " | " + aCell(library, 8) + " | " + perCycle + " | " + means
					+ " | " + config + " |");
		}
		line("");
		line("Contended: one JVM × 8 threads, one key, blocking acquire + " + (ContendedHarness.CRITICAL_SECTION_NANOS / 1000)
				+ " µs critical section + release, as in b. ShedLock cannot wait, so it is not in this table. JDBC calls "
				+ "per critical section counted on the client.");
		line("");
		line("| library | critical sections/s | hand-off p50 µs | p99 µs | max µs | wait p99 ms | max wait ms | "
				+ "same-thread share | per thread min–max | violations | JDBC calls per critical section |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
		for (String library : JDBC_WAITING) {
			if (!this.oneJvm.containsKey(library)) {
				continue;
			}
			line("| " + library + " | " + fmt(b1(library, "criticalSectionsPerSecond"), 0) + " | "
					+ fmt(b1(library, "handoffP50Micros"), 0) + " | " + fmt(b1(library, "handoffP99Micros"), 0) + " | "
					+ fmt(b1(library, "handoffMaxMicros"), 0) + " | " + fmt(b1(library, "waitP99Micros") / 1e3, 1) + " | "
					+ fmt(b1(library, "maxWaitMillis"), 1) + " | " + fmt(b1(library, "sameThreadShare") * 100, 0) + "% | "
					+ fmt(b1(library, "perThreadMin"), 0) + "–" + fmt(b1(library, "perThreadMax"), 0) + " | "
					+ fmt(b1(library, "violations") + b1(library, "failedAcquires"), 0) + " | "
					+ jdbcCallsCell(csCalls(library)) + " |");
		}
		line("");
	}

	private static double mean(JsonObject run, String label) {
		JsonObject means = run.getAsJsonObject("meanMicrosPerCall");
		return means.has(label) ? means.get(label).getAsDouble() : Double.NaN;
	}

	// ---- chart

	private void chart(Path png) throws IOException {
		int w = 900;
		int h = 520;
		List<CategoryChart> charts = new ArrayList<>();

		CategoryChart a = bars("a. Uncontended acquire + release (cycles/s)", "cycles/s");
		List<String> libraries = withCluster(LockClient.REDIS_LIBRARIES, this.uncontended::containsKey);
		List<String> aLabels = libraries.stream().map(Report::label).toList();
		if (!libraries.isEmpty()) {
			a.addSeries("1 thread", aLabels, libraries.stream().map((l) -> zero(a(l, 1))).toList());
			a.addSeries("8 threads", aLabels, libraries.stream().map((l) -> zero(a(l, 8))).toList());
		}

		CategoryChart b = bars("b. Contended, one key (critical sections/s)", "critical sections/s");
		List<String> waiting = withCluster(WAITING, this.oneJvm::containsKey);
		List<String> waitingLabels = waiting.stream().map(Report::label).toList();
		if (!waiting.isEmpty()) {
			b.addSeries("1 JVM x 8 threads", waitingLabels,
					waiting.stream().map((l) -> zero(b1(l, "criticalSectionsPerSecond"))).toList());
			b.addSeries("2 JVMs x 4 threads (+2 round trips in CS)", waitingLabels,
					waiting.stream().map((l) -> zero(bn(2, l, "criticalSectionsPerSecond", true))).toList());
		}

		CategoryChart handoff = bars("b. Hand-off latency, 1 JVM x 8 threads (µs, log scale, lower is better)", "µs");
		handoff.getStyler().setYAxisLogarithmic(true);
		// In-memory hand-offs take a few µs: the axis starts at 1.
		handoff.getStyler().setYAxisMin(1.0);
		if (!waiting.isEmpty()) {
			handoff.addSeries("p50", waitingLabels,
					waiting.stream().map((l) -> floor1(b1(l, "handoffP50Micros"))).toList());
			handoff.addSeries("p99", waitingLabels,
					waiting.stream().map((l) -> floor1(b1(l, "handoffP99Micros"))).toList());
		}

		CategoryChart c = bars("c. Memory adapter vs java.util.concurrent (ops/s, log scale)", "ops/s");
		c.getStyler().setYAxisLogarithmic(true);
		c.getStyler().setYAxisMin(10_000.0);
		List<String> kinds = List.of("Distlock", "DistlockNewLock", "ConcurrentHashMap", "ReentrantLockFair",
				"ReentrantLockNonFair");
		List<String> labels = List.of("distlock", "distlock new Lock", "ConcurrentHashMap", "ReentrantLock fair",
				"ReentrantLock non-fair");
		if (!this.memory.isEmpty()) {
			c.addSeries("uncontended, 1 thread", labels,
					kinds.stream().map((k) -> floor1(this.memory.getOrDefault("uncontended" + k, 0.0))).toList());
			c.addSeries("contended, 8 threads", labels,
					kinds.stream().map((k) -> floor1(this.memory.getOrDefault("contended" + k, 0.0))).toList());
		}

		CategoryChart d = bars("d. @DistributedLock vs LockProvider, memory adapter (ns per call, lower is better)",
				"ns per call");
		if (!this.annotation.isEmpty()) {
			List<String> keys = List.of("literal key", "key from a parameter (SpEL)");
			d.addSeries("LockProvider called directly", keys,
					List.of(zero(this.annotation.getOrDefault("directLiteralKey", 0.0)),
							zero(this.annotation.getOrDefault("directParameterKey", 0.0))));
			d.addSeries("@DistributedLock", keys,
					List.of(zero(this.annotation.getOrDefault("annotatedLiteralKey", 0.0)),
							zero(this.annotation.getOrDefault("annotatedParameterKey", 0.0))));
		}

		CategoryChart b2 = bars("b. Max wait for the lock (ms, lower is better)", "ms");
		if (!waiting.isEmpty()) {
			b2.addSeries("1 JVM x 8 threads", waitingLabels,
					waiting.stream().map((l) -> zero(b1(l, "maxWaitMillis"))).toList());
			b2.addSeries("2 JVMs x 4 threads", waitingLabels,
					waiting.stream().map((l) -> zero(bn(2, l, "maxWaitMillis", false))).toList());
		}

		CategoryChart f = bars("f. JDBC on PostgreSQL (cycles/s and critical sections/s)", "per second");
		List<String> jdbc = LockClient.JDBC_LIBRARIES.stream()
			.filter((l) -> this.uncontended.containsKey(l) || this.oneJvm.containsKey(l))
			.toList();
		if (!jdbc.isEmpty()) {
			f.addSeries("uncontended, 1 thread", jdbc, jdbc.stream().map((l) -> zero(a(l, 1))).toList());
			f.addSeries("uncontended, 8 threads", jdbc, jdbc.stream().map((l) -> zero(a(l, 8))).toList());
			f.addSeries("contended, 1 JVM x 8 threads", jdbc,
					jdbc.stream().map((l) -> zero(b1(l, "criticalSectionsPerSecond"))).toList());
		}

		// Only the panels of the scenarios this run measured (benchmarks/run --only jdbc measures one).
		if (hasRedis()) {
			// A panel without series (a scenario that failed, say) cannot be painted.
			List.of(a, b, handoff, b2).stream().filter((chart) -> !chart.getSeriesMap().isEmpty()).forEach(charts::add);
		}
		if (!this.memory.isEmpty()) {
			charts.add(c);
		}
		if (!this.annotation.isEmpty()) {
			charts.add(d);
		}
		if (!jdbc.isEmpty()) {
			charts.add(f);
		}
		if (charts.isEmpty()) {
			return;
		}

		int columns = Math.min(2, charts.size());
		int rows = (charts.size() + columns - 1) / columns;
		BufferedImage image = new BufferedImage(columns * w, rows * h + 40, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, columns * w, rows * h + 40);
		g.setColor(Color.BLACK);
		// One panel is half as wide: a smaller font keeps the title line inside it.
		g.setFont(g.getFont().deriveFont((columns == 1) ? 11f : 18f));
		g.drawString("distlock benchmarks, " + str("date") + ", " + str("nproc") + " cores"
				+ (hasRedis() ? ", Redis " + str("redis") : "") + (hasJdbc() ? ", " + str("postgres") : "") + ", load "
				+ str("loadBefore") + " (mode " + str("mode") + (str("only").equals("?") || str("only").isEmpty() ? ""
						: ", only " + str("only")) + ")", 20, 28);
		for (int i = 0; i < charts.size(); i++) {
			Graphics2D cell = (Graphics2D) g.create((i % columns) * w, 40 + (i / columns) * h, w, h);
			charts.get(i).paint(cell, w, h);
			cell.dispose();
		}
		g.dispose();
		ImageIO.write(image, "png", png.toFile());
	}

	private static CategoryChart bars(String title, String yAxis) {
		CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title).yAxisTitle(yAxis).build();
		chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
		chart.getStyler().setXAxisLabelRotation(20);
		chart.getStyler().setLabelsVisible(false);
		chart.getStyler().setYAxisDecimalPattern("#,###");
		return chart;
	}

	private static double zero(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

	private static double floor1(double value) {
		return (Double.isNaN(value) || value < 1) ? 1 : value;
	}

	// ---- helpers

	private String str(String field) {
		return this.machine.has(field) ? this.machine.get(field).getAsString() : "?";
	}

	private static double parseLoad(String loads) {
		try {
			return Double.parseDouble(loads.trim().split("[ ,]+")[0]);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static String fmt(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private void line(String text) {
		this.md.append(text).append('\n');
	}

}
