package dev.distlock.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * What the memory adapter promises beyond the adapter contract: expired entries do not pile up.
 */
class MemoryLockAdapterTests {

	private final TestClock clock = new TestClock();

	private final MemoryLockAdapter adapter = new MemoryLockAdapter(this.clock);

	@Test
	void shortLivedLocksLeftToExpireDoNotPileUp() {
		for (int i = 0; i < 100_000; i++) {
			assertThat(this.adapter.acquire("job:" + i, "owner", Duration.ofSeconds(1))).isTrue();
		}
		assertThat(this.adapter.storedEntries()).isEqualTo(100_000);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.adapter.acquire("later", "owner", Duration.ofSeconds(1))).isTrue();
		assertThat(this.adapter.storedEntries()).isEqualTo(1);
	}

	@Test
	void liveAndNeverExpiringLocksAreKeptWhileExpiredOnesGo() {
		this.adapter.acquire("forever", "owner", null);
		this.adapter.acquire("long", "owner", Duration.ofMinutes(10));
		this.adapter.acquire("short", "owner", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		this.adapter.state("anything");
		this.adapter.release("unrelated", "owner");
		assertThat(this.adapter.storedEntries()).isEqualTo(2);
		assertThat(this.adapter.state("forever")).contains(new LockHolder("owner", null));
		assertThat(this.adapter.state("long")).hasValueSatisfying(
				(holder) -> assertThat(holder.remainingTime()).isEqualTo(Duration.ofMinutes(10).minusSeconds(2)));
	}

	@Test
	void aRefreshedLockIsNotPurgedAtItsOldExpiry() {
		this.adapter.acquire("refreshed", "owner", Duration.ofSeconds(1));
		this.adapter.refresh("refreshed", "owner", Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(5));
		this.adapter.acquire("other", "owner", Duration.ofSeconds(1));
		assertThat(this.adapter.state("refreshed")).isPresent();
		assertThat(this.adapter.acquire("refreshed", "thief", Duration.ofSeconds(1))).isFalse();
	}

	@Test
	void aLockExpiresExactlyAtItsTtl() {
		this.adapter.acquire("edge", "owner", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofMillis(999));
		assertThat(this.adapter.state("edge")).isPresent();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.adapter.state("edge")).isEmpty();
	}

	private static final class TestClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
