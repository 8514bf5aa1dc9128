package dev.distlock.sample.nightly;

import java.time.Instant;

/**
 * One run of the nightly report.
 *
 * @param startedAt when the run started, by this instance's clock
 * @param fencingToken the fencing token of the run's lock, which grows with every run on any instance
 * @since 0.1.0
 */
public record NightlyReport(Instant startedAt, long fencingToken) {
}
