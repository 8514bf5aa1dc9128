package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The entry point benchmarks/run calls for everything that is not JMH:
 * <pre>
 * probe LIBRARY OUT.json                                          Redis commands per acquire + release
 * contended LIBRARY THREADS JVMS JVM_INDEX WARMUP_S MEASURE_S OUT  scenario b, one JVM of JVMS
 * renewal OUT.json                                               scenario e, Redis round trips of renewal
 * probe-jdbc LIBRARY OUT.json                                     scenario f, JDBC calls per acquire + release, timed
 * jdbc-check                                                      prints the benchmark PostgreSQL's version, or fails
 * jdbc-drop PREFIX                                                drops the tables a run left behind (its prefix only)
 * report RESULTS_DIR LATEST.md LATEST.png                         the table and the chart
 * sem-probe LIBRARY OUT.json                                      Redis commands per semaphore/read/write cycle
 * sem-contended LIBRARY semaphore|rw WARMUP_S MEASURE_S OUT        8 threads on a semaphore of 2, or 6 readers + 2 writers
 * sem-report RESULTS_DIR REPORT.md                                the semaphore and read-write lock rows
 * </pre>
 * The Redis commands run on the private standalone server in {@code -Ddistlock.bench.redisPort=PORT}, or on the
 * private cluster in {@code -Ddistlock.bench.redisCluster=HOST:PORT,...} (every master) when that is set.
 */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "probe" -> CommandsProbe.run(args[1], Path.of(args[2]));
			case "contended" -> ContendedHarness.run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
					Integer.parseInt(args[4]), Duration.ofSeconds(Long.parseLong(args[5])),
					Duration.ofSeconds(Long.parseLong(args[6])), Path.of(args[7]));
			case "renewal" -> RenewalProbe.run(Path.of(args[1]));
			case "probe-jdbc" -> JdbcProbe.run(args[1], Path.of(args[2]));
			case "jdbc-check" -> System.out.println(BenchJdbc.check());
			case "jdbc-drop" -> BenchJdbc.dropRun(args[1]).forEach((table) -> System.out.println("dropped " + table));
			case "sem-probe" -> SemaphoreHarness.probe(args[1], Path.of(args[2]));
			case "sem-contended" -> SemaphoreHarness.contended(args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])),
					Duration.ofSeconds(Long.parseLong(args[4])), Path.of(args[5]));
			case "sem-report" -> SemaphoreReport.write(Path.of(args[1]), Path.of(args[2]));
			case "report" -> Report.write(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
			default -> throw new IllegalArgumentException("Unknown command " + args[0]);
		}
		// Some libraries leave non-daemon threads behind after shutdown; the measurement is written.
		System.exit(0);
	}

}
