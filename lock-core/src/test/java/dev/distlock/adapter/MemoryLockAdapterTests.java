package dev.distlock.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.distlock.Ticker;

/**
 * What the memory adapter promises beyond the adapter contract: expired entries do not pile up, and time is a
 * monotonic ticker's.
 */
class MemoryLockAdapterTests {

	private final TestTicker ticker = new TestTicker();

	private final MemoryLockAdapter adapter = new MemoryLockAdapter(this.ticker);

	@Test
	void shortLivedLocksLeftToExpireDoNotPileUp() {
		for (int i = 0; i < 100_000; i++) {
			assertThat(this.adapter.acquire("job:" + i, "owner", Duration.ofSeconds(1), 1))
				.isInstanceOf(AcquireResult.Acquired.class);
		}
		assertThat(this.adapter.storedEntries()).isEqualTo(100_000);
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(this.adapter.acquire("later", "owner", Duration.ofSeconds(1), 1))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.adapter.storedEntries()).isEqualTo(1);
	}

	@Test
	void liveAndNeverExpiringLocksAreKeptWhileExpiredOnesGo() {
		long forever = token(this.adapter.acquire("forever", "owner", null, 1));
		this.adapter.acquire("long", "owner", Duration.ofMinutes(10), 1);
		this.adapter.acquire("short", "owner", Duration.ofSeconds(1), 1);
		this.ticker.advance(Duration.ofSeconds(2));
		this.adapter.state("anything");
		this.adapter.release("unrelated", "owner", LockAdapter.ANY_TOKEN);
		assertThat(this.adapter.storedEntries()).isEqualTo(2);
		assertThat(this.adapter.state("forever")).contains(new LockHolder("owner", forever, null));
		assertThat(this.adapter.state("long")).hasValueSatisfying(
				(holder) -> assertThat(holder.remainingTime()).isEqualTo(Duration.ofMinutes(10).minusSeconds(2)));
	}

	@Test
	void aRefreshedLockIsNotPurgedAtItsOldExpiry() {
		long token = token(this.adapter.acquire("refreshed", "owner", Duration.ofSeconds(1), 1));
		this.adapter.refresh("refreshed", "owner", token, Duration.ofMinutes(1));
		this.ticker.advance(Duration.ofSeconds(5));
		this.adapter.acquire("other", "owner", Duration.ofSeconds(1), 1);
		assertThat(this.adapter.state("refreshed")).isPresent();
		assertThat(this.adapter.acquire("refreshed", "thief", Duration.ofSeconds(1), 2))
			.isInstanceOf(AcquireResult.Unavailable.class);
	}

	@Test
	void aLockExpiresExactlyAtItsTtl() {
		this.adapter.acquire("edge", "owner", Duration.ofSeconds(1), 1);
		this.ticker.advance(Duration.ofMillis(999));
		assertThat(this.adapter.state("edge")).isPresent();
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(this.adapter.state("edge")).isEmpty();
	}

	@Test
	void expiryFollowsTheTickerEvenWhereItsReadingsWrapAroundLikeNanoTime() {
		this.ticker.set(Long.MAX_VALUE - Duration.ofMillis(500).toNanos());
		this.adapter.acquire("wrapping", "owner", Duration.ofSeconds(1), 1);
		this.ticker.advance(Duration.ofMillis(999));
		assertThat(this.adapter.state("wrapping")).isPresent();
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(this.adapter.state("wrapping")).isEmpty();
		assertThat(this.adapter.acquire("wrapping", "next", Duration.ofSeconds(1), 2))
			.isInstanceOf(AcquireResult.Acquired.class);
	}

	@Test
	void tokensComeFromOneCounterThatOutlivesEveryLock() {
		long first = token(this.adapter.acquire("a", "owner", Duration.ofSeconds(1), 1));
		this.adapter.release("a", "owner", first);
		long second = token(this.adapter.acquire("b", "owner", Duration.ofSeconds(1), 1));
		this.ticker.advance(Duration.ofSeconds(1));
		long third = token(this.adapter.acquire("a", "owner", Duration.ofSeconds(1), 1));
		assertThat(first).isLessThan(second);
		assertThat(second).isLessThan(third);
		assertThat(this.adapter.storedEntries()).isEqualTo(1);
	}

	private static long token(AcquireResult result) {
		return ((AcquireResult.Acquired) result).token();
	}

	/** A ticker moved by hand, which may be set anywhere in its range. */
	private static final class TestTicker implements Ticker {

		private final AtomicLong now = new AtomicLong();

		void advance(Duration duration) {
			this.now.addAndGet(duration.toNanos());
		}

		void set(long reading) {
			this.now.set(reading);
		}

		@Override
		public long read() {
			return this.now.get();
		}

	}

}
