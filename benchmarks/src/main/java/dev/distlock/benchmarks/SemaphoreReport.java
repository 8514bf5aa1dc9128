package dev.distlock.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The report of {@code benchmarks/run --only semaphores}: distlock's semaphore and read-write lock against Redisson's
 * {@code RPermitExpirableSemaphore} and {@code RReadWriteLock} on the same Redis, the target (distlock ≥ 1.5×
 * Redisson in every row, no violation) and, for a missed target, the round trips per cycle of both.
 */
final class SemaphoreReport {

	private static final Pattern A = Pattern.compile("s-a-(.+)-r(\\d+)\\.json");

	private static final Pattern PROBE = Pattern.compile("s-probe-(.+)\\.json");

	private static final Pattern B = Pattern.compile("s-b-(.+)-(semaphore|rw)-r(\\d+)\\.json");

	private static final List<String> KINDS = List.of("slot", "read", "write");

	private static final List<String> MODES = List.of("semaphore", "rw");

	private static final double TARGET = 1.5;

	// library -> kind -> scores (one per round), and their JMH half-widths
	private final Map<String, Map<String, List<double[]>>> uncontended = new TreeMap<>();

	private final Map<String, JsonObject> probes = new TreeMap<>();

	// library -> mode -> runs
	private final Map<String, Map<String, List<JsonObject>>> contended = new TreeMap<>();

	private JsonObject machine = new JsonObject();

	private final List<String> failures = new ArrayList<>();

	private final StringBuilder md = new StringBuilder();

	private SemaphoreReport() {
	}

	static void write(Path dir, Path markdown) throws IOException {
		SemaphoreReport report = new SemaphoreReport();
		report.load(dir);
		Files.writeString(markdown, report.markdown(dir, Objects.requireNonNull(markdown.toAbsolutePath().getParent())),
				StandardCharsets.UTF_8);
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
						JsonObject result = run.getAsJsonObject();
						String kind = result.getAsJsonObject("params").get("kind").getAsString();
						JsonObject metric = result.getAsJsonObject("primaryMetric");
						double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble()
								: Double.NaN;
						this.uncontended.computeIfAbsent(m.group(1), (k) -> new TreeMap<>())
							.computeIfAbsent(kind, (k) -> new ArrayList<>())
							.add(new double[] { metric.get("score").getAsDouble(), error });
					}
				}
				else if ((m = PROBE.matcher(name)).matches()) {
					this.probes.put(m.group(1), Json.read(file).getAsJsonObject());
				}
				else if ((m = B.matcher(name)).matches()) {
					this.contended.computeIfAbsent(m.group(1), (k) -> new TreeMap<>())
						.computeIfAbsent(m.group(2), (k) -> new ArrayList<>())
						.add(Json.read(file).getAsJsonObject());
				}
			}
		}
	}

	// ---- the numbers, averaged over rounds

	private double a(String library, String kind, int index) {
		List<double[]> runs = this.uncontended.getOrDefault(library, Map.of()).getOrDefault(kind, List.of());
		return runs.stream().mapToDouble((r) -> r[index]).average().orElse(Double.NaN);
	}

	private double b(String library, String mode, String field) {
		List<JsonObject> runs = this.contended.getOrDefault(library, Map.of()).getOrDefault(mode, List.of());
		return runs.stream().mapToDouble((r) -> number(r, field)).average().orElse(Double.NaN);
	}

	private long bSum(String field) {
		long total = 0;
		for (Map<String, List<JsonObject>> modes : this.contended.values()) {
			for (List<JsonObject> runs : modes.values()) {
				for (JsonObject run : runs) {
					total += run.has(field) ? run.get(field).getAsLong() : 0;
				}
			}
		}
		return total;
	}

	private Map<String, Double> sentPerCycle(String library, String kind, String field) {
		Map<String, Double> sent = new TreeMap<>();
		JsonObject probe = this.probes.get(library);
		if (probe != null && probe.has(kind) && probe.getAsJsonObject(kind).has(field)) {
			probe.getAsJsonObject(kind)
				.getAsJsonObject(field)
				.entrySet()
				.forEach((e) -> sent.put(e.getKey(), e.getValue().getAsDouble()));
		}
		return sent;
	}

	private Map<String, Double> perCs(String library, String mode, String field) {
		Map<String, Double> sum = new TreeMap<>();
		List<JsonObject> runs = this.contended.getOrDefault(library, Map.of()).getOrDefault(mode, List.of());
		for (JsonObject run : runs) {
			run.getAsJsonObject(field)
				.entrySet()
				.forEach((e) -> sum.merge(e.getKey(), e.getValue().getAsDouble() / runs.size(), Double::sum));
		}
		return sum;
	}

	private static double total(Map<String, Double> commands) {
		return commands.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private static String commandsCell(Map<String, Double> commands) {
		if (commands.isEmpty()) {
			return "–";
		}
		List<String> parts = new ArrayList<>();
		commands.forEach((name, count) -> {
			if (count >= 0.005) {
				parts.add(name + " " + fmt(count, 2));
			}
		});
		return String.join(", ", parts) + " (" + fmt(total(commands), 2) + ")";
	}

	// ---- markdown

	private String markdown(Path dir, Path mdDir) {
		Path raw = mdDir.relativize(dir.toAbsolutePath());
		String rawLink = raw.toString().isEmpty() ? "this folder" : "[`" + raw + "/`](" + raw + "/)";
		line("# distlock benchmarks: semaphores and read-write locks, results of " + str("date"));
		line("");
		line("Raw files: " + rawLink + ". Produced by `benchmarks/run --only semaphores"
				+ ("full".equals(str("mode")) ? " --full" : "") + "` (mode: " + str("mode")
				+ "); see benchmarks/README.md.");
		line("");
		line("| machine | |");
		line("|---|---|");
		line("| CPU | " + str("cpu") + " |");
		line("| cores (`nproc`) | " + str("nproc") + " |");
		line("| JDK | " + str("jdk") + " |");
		line("| Redis | " + str("redis") + ", private server on 127.0.0.1, no persistence, flushed before every run |");
		line("| load average before the run (1, 5, 15 min) | " + str("loadBefore") + " |");
		line("| load average after the run (includes the benchmark's own threads) | " + str("loadAfter") + " |");
		line("| commit | " + str("commit") + " |");
		line("");
		if (parseLoad(str("loadBefore")) >= 1.0) {
			line("> **Noisy run:** the 1-minute load average was 1.0 or more on this 2-core machine (other builds were "
					+ "running), so absolute numbers are low and ratios between libraries are the part to read.");
			line("");
		}
		targets();
		scenarioA();
		scenarioB();
		return this.md.toString();
	}

	private void targets() {
		List<String[]> verdicts = new ArrayList<>();
		for (String kind : KINDS) {
			double ratio = a("distlock", kind, 0) / a("redisson", kind, 0);
			boolean noisy = a("distlock", kind, 1) > a("distlock", kind, 0) / 2
					|| a("redisson", kind, 1) > a("redisson", kind, 0) / 2;
			verdicts.add(verdict("a", "uncontended " + kindLabel(kind) + ": distlock ≥ 1.5× Redisson (cycles/s, 1 thread)",
					ratio, TARGET, noisy, roundTrips(kind)));
		}
		for (String mode : MODES) {
			double ratio = b("distlock", mode, "criticalSectionsPerSecond") / b("redisson", mode, "criticalSectionsPerSecond");
			verdicts.add(verdict("b", "contended " + modeLabel(mode) + ": distlock ≥ 1.5× Redisson (critical sections/s)",
					ratio, TARGET, false, contendedCause(mode)));
		}
		long violations = bSum("violations");
		long failed = bSum("failedAcquires");
		verdicts.add(new String[] { "b", "violations (more holders than the limit; a writer beside anyone) and failed "
				+ "acquires, every library (must be 0)", fmt(violations + failed, 0),
				(this.contended.isEmpty()) ? "not measured" : (violations + failed == 0) ? "met" : "**missed**",
				violations + " violations, " + failed + " failed acquires" });
		line("## Targets and measured ratios");
		line("");
		line("| scenario | target | measured | verdict |");
		line("|---|---|---|---|");
		for (String[] verdict : verdicts) {
			line("| " + verdict[0] + " | " + verdict[1] + " | " + verdict[2] + " | " + verdict[3] + " |");
		}
		line("");
		List<String[]> missed = verdicts.stream()
			.filter((v) -> v[3].startsWith("**missed") || v[3].startsWith("inconclusive"))
			.toList();
		if (!missed.isEmpty()) {
			line("### Missed or inconclusive: what was measured");
			line("");
			for (String[] verdict : missed) {
				line("- **" + verdict[1] + "** (" + verdict[2] + "): " + verdict[4]);
			}
			line("");
		}
		if (!this.failures.isEmpty()) {
			line("Runs that failed (see the logs in the raw folder): " + String.join("; ", this.failures));
			line("");
		}
	}

	private static String[] verdict(String scenario, String what, double measured, double bound, boolean noisy,
			String cause) {
		String verdict;
		if (Double.isNaN(measured)) {
			verdict = "not measured";
		}
		else if (noisy) {
			verdict = "inconclusive (" + ((measured >= bound) ? "met" : "missed") + " within noise)";
		}
		else {
			verdict = (measured >= bound) ? "met" : "**missed**";
		}
		return new String[] { scenario, what, fmt(measured, 2), verdict, cause };
	}

	private String roundTrips(String kind) {
		Map<String, Double> distlock = sentPerCycle("distlock", kind, "sentPerCycle");
		Map<String, Double> redisson = sentPerCycle("redisson", kind, "sentPerCycle");
		double memory = a("distlock-memory", kind, 0);
		double redis = a("distlock", kind, 0);
		String core = Double.isNaN(memory) ? ""
				: "; distlock's core alone (memory adapter) runs " + fmt(memory, 0) + " cycles/s, " + fmt(1e6 / memory, 1)
						+ " µs a cycle";
		return "Sent per cycle (round trips): distlock " + commandsCell(distlock) + ", Redisson " + commandsCell(redisson)
				+ "; run by Redis per cycle: distlock " + fmt(total(sentPerCycle("distlock", kind, "commandsPerCycle")), 2)
				+ ", Redisson " + fmt(total(sentPerCycle("redisson", kind, "commandsPerCycle")), 2)
				+ "; Redis's time in scripts per cycle (`evalsha` usec): distlock " + scriptMicros("distlock", kind)
				+ " µs, Redisson " + scriptMicros("redisson", kind) + " µs, of a cycle of " + fmt(1e6 / redis, 1)
				+ " µs (distlock) and " + fmt(1e6 / a("redisson", kind, 0), 1) + " µs (Redisson)" + core + ".";
	}

	private String scriptMicros(String library, String kind) {
		Double micros = sentPerCycle(library, kind, "serverMicrosPerCycle").get("evalsha");
		return (micros != null) ? fmt(micros, 1) : "–";
	}

	private String contendedCause(String mode) {
		String mix = !mode.equals("rw") ? ""
				: "Reads/s and writes/s: distlock " + fmt(b("distlock", mode, "readsPerSecond"), 0) + " / "
						+ fmt(b("distlock", mode, "writesPerSecond"), 0) + ", Redisson "
						+ fmt(b("redisson", mode, "readsPerSecond"), 0) + " / " + fmt(b("redisson", mode, "writesPerSecond"), 0)
						+ " (the libraries admit different mixes: distlock refuses new readers while a writer waits, "
						+ "Redisson lets readers in beside a waiting writer). ";
		return mix + "Sent per critical section: distlock " + commandsCell(perCs("distlock", mode, "sentPerCriticalSection"))
				+ ", Redisson " + commandsCell(perCs("redisson", mode, "sentPerCriticalSection"))
				+ "; most holders seen at once: distlock " + fmt(b("distlock", mode, "mostHoldersAtOnce"), 0)
				+ ", Redisson " + fmt(b("redisson", mode, "mostHoldersAtOnce"), 0) + "; wait p99: distlock "
				+ fmt(b("distlock", mode, "waitP99Micros") / 1e3, 1) + " ms, Redisson "
				+ fmt(b("redisson", mode, "waitP99Micros") / 1e3, 1) + " ms.";
	}

	private void scenarioA() {
		line("## a. Uncontended: acquire + release on one key, 1 thread (cycles/s, higher is better)");
		line("");
		line("JMH, one forked JVM per library and kind, ± JMH's 99.9% half-width. A semaphore slot of a semaphore of "
				+ LeaseClient.LIMIT + ", the read half, the write half; the library's object created per use, 30 s lease. "
				+ "Commands per cycle from the probe over " + SemaphoreHarness.PROBE_CYCLES + " cycles: **sent** by the "
				+ "library (its round trips) and **run by Redis** (`INFO commandstats`, inside scripts too).");
		line("");
		line("| library | semaphore slot | read | write | sent per cycle: slot / read / write | run by Redis per cycle: slot / read / write | configuration |");
		line("|---|---:|---:|---:|---|---|---|");
		for (String library : libraries(this.uncontended.keySet())) {
			List<String> cells = new ArrayList<>();
			List<String> sent = new ArrayList<>();
			List<String> run = new ArrayList<>();
			for (String kind : KINDS) {
				cells.add(fmt(a(library, kind, 0), 0) + " ± " + fmt(a(library, kind, 1), 0));
				sent.add(commandsCell(sentPerCycle(library, kind, "sentPerCycle")));
				run.add(fmt(total(sentPerCycle(library, kind, "commandsPerCycle")), 2));
			}
			JsonObject probe = this.probes.get(library);
			String config = (probe != null && probe.has("config")) ? probe.get("config").getAsString() : "";
			line("| " + library + " | " + String.join(" | ", cells) + " | " + String.join(" / ", sent) + " | "
					+ String.join(" / ", run) + " | " + config + " |");
		}
		line("");
	}

	private void scenarioB() {
		line("## b. Contended: one key (critical sections/s, higher is better)");
		line("");
		line("One JVM. `semaphore`: 8 threads wait for a slot of one semaphore of " + LeaseClient.LIMIT + "; `rw`: 6 "
				+ "readers and 2 writers wait for one read-write key. Blocking acquire (up to 60 s, the library's way of "
				+ "waiting) + 5 µs busy critical section + release. A violation is more holders of the semaphore than its "
				+ "limit at once, or a writer beside another writer or a reader, counted in the JVM with one atomic word.");
		line("");
		line("| library | mode | critical sections/s | reads/s | writes/s | wait p50 ms | p99 ms | max wait ms | per thread min–max | most holders at once | violations | failed | sent per critical section | run by Redis per critical section |");
		line("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|");
		for (String library : libraries(this.contended.keySet())) {
			for (String mode : MODES) {
				if (!this.contended.getOrDefault(library, Map.of()).containsKey(mode)) {
					continue;
				}
				line("| " + library + " | " + mode + " | " + fmt(b(library, mode, "criticalSectionsPerSecond"), 0) + " | "
						+ fmt(b(library, mode, "readsPerSecond"), 0) + " | "
						+ (mode.equals("rw") ? fmt(b(library, mode, "writesPerSecond"), 0) : "–") + " | "
						+ fmt(b(library, mode, "waitP50Micros") / 1e3, 2) + " | "
						+ fmt(b(library, mode, "waitP99Micros") / 1e3, 1) + " | " + fmt(b(library, mode, "maxWaitMillis"), 1)
						+ " | " + fmt(b(library, mode, "perThreadMin"), 0) + "–" + fmt(b(library, mode, "perThreadMax"), 0)
						+ " | " + fmt(b(library, mode, "mostHoldersAtOnce"), 0) + " | " + fmt(b(library, mode, "violations"), 0)
						+ " | " + fmt(b(library, mode, "failedAcquires"), 0) + " | "
						+ commandsCell(perCs(library, mode, "sentPerCriticalSection")) + " | "
						+ fmt(total(perCs(library, mode, "commandsPerCriticalSection")), 2) + " |");
			}
		}
		line("");
	}

	// distlock, then Redisson, then the diagnostics.
	private static List<String> libraries(Iterable<String> present) {
		List<String> ordered = new ArrayList<>();
		Map<String, Boolean> seen = new LinkedHashMap<>();
		present.forEach((l) -> seen.put(l, true));
		for (String library : LeaseClient.LIBRARIES) {
			if (seen.remove(library) != null) {
				ordered.add(library);
			}
		}
		ordered.addAll(seen.keySet());
		return ordered;
	}

	private static String kindLabel(String kind) {
		return switch (kind) {
			case "slot" -> "semaphore slot";
			case "read" -> "read lock";
			default -> "write lock";
		};
	}

	private static String modeLabel(String mode) {
		return mode.equals("rw") ? "6 readers + 2 writers on one read-write key"
				: "8 threads on one semaphore of " + LeaseClient.LIMIT;
	}

	// ---- helpers

	private static double number(JsonObject object, String field) {
		return object.has(field) ? object.get(field).getAsDouble() : Double.NaN;
	}

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
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private void line(String text) {
		this.md.append(text).append('\n');
	}

}
