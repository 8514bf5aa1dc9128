package dev.distlock.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it; thread-safe. Lets tests of TTLs run in no time and without
 * guessing at sleeps.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	/** Creates a clock at 2026-01-01T00:00:00Z. */
	public MutableClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
	}

	private MutableClock(Instant now, ZoneId zone) {
		this.now = new AtomicReference<>(now);
		this.zone = zone;
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far; not negative
	 * @throws IllegalArgumentException if {@code duration} is negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("duration must not be negative, was " + duration);
		}
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new MutableClock(this.now.get(), zone);
	}

}
