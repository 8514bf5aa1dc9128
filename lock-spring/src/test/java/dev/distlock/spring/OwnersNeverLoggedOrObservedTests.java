package dev.distlock.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LostLockPolicy;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.event.LockApplicationEventBridge;
import dev.distlock.spring.observation.DefaultLockObservationConvention;
import dev.distlock.spring.observation.LockAdapterNames;
import dev.distlock.spring.observation.LostLocksMeterBinder;
import dev.distlock.spring.observation.ObservationLockObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An owner is its lock's credential. What lock-spring logs (a failing application listener, with its event), what
 * its observations carry (names, key values of both cardinalities, the context a tracer or an observation log
 * prints) and what its meters are tagged with (the key tag on, the worst case) never contain one, whatever the lock
 * operation and its outcome.
 */
class OwnersNeverLoggedOrObservedTests {

	private final MemoryLockAdapter adapter = new MemoryLockAdapter();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> observed = new CopyOnWriteArrayList<>();

	private final List<String> logged = new CopyOnWriteArrayList<>();

	private final List<Lock> locks = new ArrayList<>();

	private final Logger distlockLogger = (Logger) LoggerFactory.getLogger("dev.distlock");

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			String throwable = (event.getThrowableProxy() != null)
					? ThrowableProxyUtil.asString(event.getThrowableProxy()) : "";
			OwnersNeverLoggedOrObservedTests.this.logged
				.add(event.getLevel() + " " + event.getFormattedMessage() + "\n" + throwable);
		}

	};

	private final LockProvider provider;

	private @Nullable Level distlockLevel;

	OwnersNeverLoggedOrObservedTests() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new Recorder());
		this.provider = LockProvider.builder(this.adapter)
			.namespace("billing")
			.ownerGenerator(() -> "owner-" + UUID.randomUUID())
			.lostLockPolicy(LostLockPolicy.NOTIFY)
			.observer(new ObservationLockObserver(observations, LockAdapterNames.of(this.adapter),
					new DefaultLockObservationConvention(true), null))
			.build();
		new LostLocksMeterBinder(this.provider, LockAdapterNames.of(this.adapter), true).bindTo(this.meters);
	}

	@BeforeEach
	void captureEveryLevel() {
		this.distlockLevel = this.distlockLogger.getLevel();
		this.distlockLogger.setLevel(Level.TRACE);
		this.distlockLogger.setAdditive(false);
		this.appender.setContext(this.distlockLogger.getLoggerContext());
		this.appender.start();
		this.distlockLogger.addAppender(this.appender);
	}

	@AfterEach
	void stopCapturing() {
		this.distlockLogger.detachAppender(this.appender);
		this.appender.stop();
		this.distlockLogger.setAdditive(true);
		this.distlockLogger.setLevel(this.distlockLevel);
		this.provider.close();
	}

	@Test
	void aFailingApplicationListenerIsLoggedWithTheEventsFingerprintNotTheOwner() {
		this.provider.addListener(new LockApplicationEventBridge((event) -> {
			throw new IllegalStateException("listener failed");
		}));
		Lock lock = lock("orders:1");
		lock.acquire();
		lock.release();

		assertThat(this.logged).filteredOn((line) -> line.contains("An application listener failed on"))
			.hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("ownerFingerprint=" + lock.getOwnerFingerprint()));
		assertNoOwnerIn(this.logged);
	}

	@Test
	void everyOperationAndOutcomeIsObservedAndMeteredWithoutTheOwner() {
		Lock lock = lock("orders:2", LockSettings.defaults().withName("ship"));
		Lock other = lock("orders:2");
		lock.acquire();
		other.acquire();
		other.acquireBlocking(BlockingSettings.of(Duration.ZERO, Duration.ofMillis(1)));
		// Read by another owner: the state names the holder's owner, which the observation must not repeat.
		other.getState();
		lock.getState();
		lock.refresh();
		other.refresh();
		other.release();
		other.forceRelease();
		// Found lost by its release: counted by the lost-locks meter.
		lock.release();
		lock.runBlocking(() -> "work");

		assertThat(this.observed).isNotEmpty();
		assertThat(this.meters.getMeters()).isNotEmpty()
			.anySatisfy((meter) -> assertThat(meter.getId().getName()).isEqualTo("distlock.locks.lost"));
		assertNoOwnerIn(this.observed);
		assertNoOwnerIn(this.meters.getMeters().stream().map(OwnersNeverLoggedOrObservedTests::describe).toList());
		assertNoOwnerIn(this.logged);
	}

	private Lock lock(String key) {
		return lock(key, LockSettings.defaults());
	}

	private Lock lock(String key, LockSettings settings) {
		Lock lock = this.provider.create(key, settings);
		this.locks.add(lock);
		return lock;
	}

	private void assertNoOwnerIn(List<String> texts) {
		assertThat(this.locks).isNotEmpty();
		for (Lock lock : this.locks) {
			assertThat(texts).allSatisfy((text) -> assertThat(text).doesNotContain(lock.getOwner()));
		}
	}

	private static String describe(Meter meter) {
		return meter.getId().getName() + " " + meter.getId().getTags() + " " + meter.getId().getDescription();
	}

	/** Writes down what every observation shows, at start and at stop, as a tracer or an observation log would. */
	private final class Recorder implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStart(Observation.Context context) {
			record(context);
		}

		@Override
		public void onError(Observation.Context context) {
			record(context);
		}

		@Override
		public void onStop(Observation.Context context) {
			record(context);
		}

		private void record(Observation.Context context) {
			@Nullable Throwable error = context.getError();
			OwnersNeverLoggedOrObservedTests.this.observed.add(context.getName() + " " + context.getContextualName()
					+ " " + context.getLowCardinalityKeyValues() + " " + context.getHighCardinalityKeyValues() + " "
					+ context + " " + error);
		}

	}

}
