package dev.distlock.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.distlock.Ticker;

/**
 * A clock that stands still until a test moves it, and the {@link Ticker} that goes with it (its reading is the
 * clock's instant in nanoseconds); thread-safe. Lets tests of TTLs and waits run in no time and without guessing at
 * sleeps.
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock implements Ticker {

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
		return now();
	}

	@Override
	public long read() {
		Instant instant = now();
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new MutableClock(now(), zone);
	}

	// Never null (it only ever holds instants), which NullAway cannot see through AtomicReference.get().
	private Instant now() {
		return Objects.requireNonNull(this.now.get());
	}

}
