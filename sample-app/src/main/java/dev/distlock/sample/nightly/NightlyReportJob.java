package dev.distlock.sample.nightly;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.distlock.spring.CurrentLock;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.NotAcquired;

/**
 * The nightly report: scheduled on every instance, run by exactly one per tick. The instances that find the lock held
 * skip their tick ({@link NotAcquired#SKIP}: no exception for the scheduler to log as an error); the one that runs
 * keeps the key for {@code hold-at-least} after it started, however fast it is done, so that an instance whose clock
 * or tick is a little late finds it still held instead of running the report a second time. {@code hold-at-least}
 * must exceed the clock skew between instances and stay below the time between ticks.
 *
 * @since 0.1.0
 */
@Component
public class NightlyReportJob {

	private static final Logger logger = LoggerFactory.getLogger(NightlyReportJob.class);

	private final List<NightlyReport> reports = new CopyOnWriteArrayList<>();

	/** Writes the report, if no other instance does this tick. */
	@Scheduled(cron = "${sample.nightly-report.cron}")
	@DistributedLock(key = "'nightly-report'", ifNotAcquired = NotAcquired.SKIP, ttl = "${sample.nightly-report.ttl}",
			holdAtLeast = "${sample.nightly-report.hold-at-least}")
	public void writeReport() {
		// The enclosing lock's fencing token numbers the runs across instances.
		long token = CurrentLock.get().getFencingToken().orElseThrow();
		this.reports.add(new NightlyReport(Instant.now(), token));
		logger.info("Nightly report #{} written", token);
	}

	/**
	 * The reports this instance wrote, oldest first.
	 * @return the reports
	 */
	public List<NightlyReport> reports() {
		return List.copyOf(this.reports);
	}

}
