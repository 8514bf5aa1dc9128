package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The rate-limited log on a ticker moved by hand: the first line at once, then one line per interval with counts. */
class RateLimitedLogTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedLogTests.class);

	private final RateLimitedLog log = new RateLimitedLog(this.logger, this.nanos::get, INTERVAL, new Lines());

	@BeforeEach
	void capture() {
		this.logger.setLevel(Level.DEBUG);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(null);
	}

	@Test
	void theFirstIsLoggedAtOnceTheRestOncePerIntervalWithTheCountAndTheLastReason() {
		this.log.record(1, "full");
		this.log.record(1, "full");
		this.log.record(3, "failed");
		assertThat(lines(Level.WARN)).containsExactly("first 1: full");
		assertThat(lines(Level.DEBUG)).containsExactly("each 1: full", "each 3: failed");

		this.nanos.addAndGet(INTERVAL.toNanos());
		this.log.record(1, "full");

		assertThat(lines(Level.WARN)).containsExactly("first 1: full", "summary 5 over PT1M, last: full");
		assertThat(this.log.total()).isEqualTo(6);
	}

	@Test
	void aFlushReportsWhatIsPendingOnceTheIntervalIsOver() {
		this.log.record(1, "full");
		this.log.flush(false);
		this.log.record(2, "failed");
		this.nanos.addAndGet(INTERVAL.toNanos() - 1);
		this.log.flush(false);
		assertThat(lines(Level.WARN)).containsExactly("first 1: full");

		this.nanos.incrementAndGet();
		this.log.flush(false);
		this.log.flush(false);

		assertThat(lines(Level.WARN)).containsExactly("first 1: full", "summary 2 over PT1M, last: failed");
	}

	@Test
	void aFlushAtOnceReportsWhatIsPendingWhateverTheInterval() {
		this.log.record(1, "full");
		this.log.flush(true);
		this.log.record(4, "closed");
		this.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
		this.log.flush(true);
		this.log.flush(true);

		assertThat(lines(Level.WARN)).containsExactly("first 1: full", "summary 4 over PT5S, last: closed");
	}

	@Test
	void afterAQuietIntervalTheNextIsAFirstAgain() {
		this.log.record(1, "full");
		this.nanos.addAndGet(INTERVAL.multipliedBy(3).toNanos());
		this.log.record(7, "failed");

		assertThat(lines(Level.WARN)).containsExactly("first 1: full", "first 7: failed");
		assertThat(lines(Level.DEBUG)).isEmpty();
	}

	@Test
	void nothingCountedIsNothingLogged() {
		this.log.record(0, "nothing");
		this.log.flush(true);

		assertThat(this.appender.list).isEmpty();
		assertThat(this.log.total()).isZero();
	}

	@Test
	void aZeroIntervalLogsEveryOne() {
		RateLimitedLog everyOne = new RateLimitedLog(this.logger, this.nanos::get, Duration.ZERO, new Lines());
		everyOne.record(1, "a");
		everyOne.record(1, "b");

		assertThat(lines(Level.WARN)).containsExactly("first 1: a", "first 1: b");
	}

	@Test
	void manyThreadsAtOnceAreCountedExactlyAndLoggedOnce() throws Exception {
		this.logger.setLevel(Level.INFO);
		int threads = 4;
		int each = 5_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						this.log.record(1, "full");
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		this.log.flush(true);

		assertThat(this.log.total()).isEqualTo(threads * each);
		assertThat(lines(Level.WARN)).containsExactly("first 1: full",
				"summary " + (threads * each - 1) + " over PT0S, last: full");
	}

	@Test
	void rejectsANegativeInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitedLog(this.logger, this.nanos::get, Duration.ofSeconds(-1), new Lines()))
			.withMessageContaining("interval");
	}

	private List<String> lines(Level level) {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static final class Lines implements RateLimitedLog.Lines {

		@Override
		public String first(long count, String reason) {
			return "first " + count + ": " + reason;
		}

		@Override
		public String each(long count, String reason) {
			return "each " + count + ": " + reason;
		}

		@Override
		public String summary(long count, Duration over, String lastReason) {
			return "summary " + count + " over " + over + ", last: " + lastReason;
		}

	}

}
