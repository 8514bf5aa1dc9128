package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.distlock.sample.nightly.NightlyReport;
import dev.distlock.sample.nightly.NightlyReportJob;
import dev.distlock.test.redis.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Two instances of the sample on one Redis, each scheduling the nightly report every second, the second one's clock
 * 300 ms behind (its ticks come 300 ms late, as with clock skew or a slow start): the report runs exactly once per
 * tick, and the late instance skips every tick without an error. Without hold-at-least the first instance's quick
 * run would free the key before the late tick, and every tick would run twice.
 */
class NightlyReportOnTwoInstancesTests {

	// Random per run: the Redis is shared with other test runs.
	private static final String RUN = UUID.randomUUID().toString();

	private static final Duration SKEW = Duration.ofMillis(300);

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext late;

	@BeforeAll
	static void startTwoInstances() {
		String url = TestRedis.endpoint().url();
		first = start(url, Duration.ZERO);
		late = start(url, SKEW);
	}

	@AfterAll
	static void stopInstances() {
		if (first != null) {
			first.close();
		}
		if (late != null) {
			late.close();
		}
	}

	@Test
	void theReportRunsExactlyOncePerTickOnTwoInstances() {
		// Eight ticks seen by both instances: the first and the last are left out below, so six are judged.
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> runsByTick().size() >= 8 && bothSeeTicks());
		Map<Long, List<NightlyReport>> byTick = runsByTick();
		long firstTick = ((TreeMap<Long, List<NightlyReport>>) byTick).firstKey();
		long lastTick = ((TreeMap<Long, List<NightlyReport>>) byTick).lastKey();
		// Judged: the ticks after the one in which the later instance was still starting, and before the newest,
		// whose late run (300 ms after the first) may still be on its way. Every second in between is one tick.
		List<Long> judged = byTick.keySet().stream().filter((tick) -> tick > firstTick && tick < lastTick).toList();
		assertThat(judged).hasSizeGreaterThanOrEqualTo(6);
		assertThat(judged).as("no tick was missed").containsExactlyElementsOf(
				Stream.iterate(firstTick + 1, (tick) -> tick + 1).limit(lastTick - firstTick - 1).toList());
		assertThat(judged).allSatisfy((tick) -> assertThat(byTick.get(tick)).as("runs of tick %s", tick).hasSize(1));
		// One lock, one fencing token per run, growing whichever instance ran.
		List<Long> tokens = byTick.values().stream().flatMap(List::stream).map(NightlyReport::fencingToken).toList();
		assertThat(tokens).doesNotHaveDuplicates().isSorted();
	}

	// Both instances have been ticking for a while: their skipped ticks are counted with the outcome "skipped".
	private static boolean bothSeeTicks() {
		return ticks(first) + ticks(late) >= 2 * 8 - 2;
	}

	// Ticks an instance ran or skipped: every acquire of the job's lock, whatever its outcome.
	private static long ticks(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.find("distlock.operations")
			.tag("distlock.operation", "acquire")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private static Map<Long, List<NightlyReport>> runsByTick() {
		// A tick is the wall-clock second of the schedule: the first instance's runs start at it (a scheduler may fire
		// a millisecond early), the late instance's 300 ms into it; 400 ms added counts either as that second.
		return Stream.concat(reports(first).stream(), reports(late).stream())
			.collect(Collectors.groupingBy((report) -> Math.floorDiv(report.startedAt().toEpochMilli() + 400, 1000),
					TreeMap::new, Collectors.toList()));
	}

	private static List<NightlyReport> reports(ConfigurableApplicationContext context) {
		return context.getBean(NightlyReportJob.class).reports();
	}

	private static ConfigurableApplicationContext start(String redisUrl, Duration behind) {
		// The scheduler's clock decides when a cron tick is due: one that is behind ticks late.
		Clock clock = Clock.offset(Clock.systemUTC(), behind.negated());
		return new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.initializers((context) -> {
				GenericApplicationContext generic = (GenericApplicationContext) context;
				generic.registerBean(ThreadPoolTaskSchedulerCustomizer.class,
						() -> (scheduler) -> scheduler.setClock(clock));
				generic.registerBean(SimpleAsyncTaskSchedulerCustomizer.class,
						() -> (scheduler) -> scheduler.setClock(clock));
			})
			.run("--server.port=0", "--spring.data.redis.url=" + redisUrl,
					"--distlock.namespace=sample-test-" + RUN, "--sample.bookings.key-prefix=sample:test:" + RUN,
					"--sample.nightly-report.cron=* * * * * *", "--sample.nightly-report.ttl=5s",
					"--sample.nightly-report.hold-at-least=900ms",
					"--management.endpoints.web.exposure.include=health");
	}

}
