package dev.distlock.spring.observation;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Real lock operations on the memory adapter, read back as meters and observations. */
class ObservationLockObserverTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	ObservationLockObserverTests() {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
	}

	private LockProvider provider(LockAdapter adapter, boolean keyTag) {
		return LockProvider.builder(adapter)
			.namespace("billing")
			.observer(new ObservationLockObserver(this.observations, LockAdapterNames.of(adapter),
					new DefaultLockObservationConvention(keyTag), null))
			.build();
	}

	private Timer timer(String operation, String outcome) {
		return this.meters.get(DefaultLockObservationConvention.NAME)
			.tag("distlock.operation", operation)
			.tag("distlock.outcome", outcome)
			.timer();
	}

	@Test
	void countsAcquiresByOutcomeWithBoundedTags() {
		LockProvider provider = provider(new MemoryLockAdapter(), false);
		Lock holder = provider.create("orders:1", LockSettings.defaults().withName("ship"));
		Lock other = provider.create("orders:1", LockSettings.defaults().withName("ship"));
		assertThat(holder.acquire()).isTrue();
		assertThat(other.acquire()).isFalse();
		assertThat(other.acquire()).isFalse();

		assertThat(timer("acquire", "acquired").count()).isEqualTo(1);
		Timer unavailable = timer("acquire", "unavailable");
		assertThat(unavailable.count()).isEqualTo(2);
		Meter.Id id = unavailable.getId();
		assertThat(id.getTag("distlock.namespace")).isEqualTo("billing");
		assertThat(id.getTag("distlock.adapter")).isEqualTo("memory");
		assertThat(id.getTag("distlock.blocking")).isEqualTo("false");
		assertThat(id.getTag("distlock.lock.name")).isEqualTo("ship");
		assertThat(id.getTag("error")).isEqualTo("none");
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("distlock.key"))
			.as("key tag of %s", meter.getId())
			.isNull());
	}

	@Test
	void tagsTheKeyOnlyWhenAskedTo() {
		provider(new MemoryLockAdapter(), true).create("orders:2").acquire();
		assertThat(timer("acquire", "acquired").getId().getTag("distlock.key")).isEqualTo("orders:2");
	}

	@Test
	void unnamedLocksAreTaggedNone() {
		provider(new MemoryLockAdapter(), false).create("orders:3").acquire();
		assertThat(timer("acquire", "acquired").getId().getTag("distlock.lock.name")).isEqualTo("none");
	}

	@Test
	void timesTheWaitOfBlockingAcquires() {
		LockProvider provider = provider(new MemoryLockAdapter(), false);
		provider.create("report").acquire();
		Lock waiter = provider.create("report");
		assertThat(waiter.acquireBlocking(BlockingSettings.of(Duration.ofMillis(200), Duration.ofMillis(50))))
			.isFalse();

		Timer waited = this.meters.get(DefaultLockObservationConvention.NAME)
			.tag("distlock.operation", "acquire-blocking")
			.tag("distlock.blocking", "true")
			.tag("distlock.outcome", "unavailable")
			.timer();
		assertThat(waited.count()).isEqualTo(1);
		assertThat(waited.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
	}

	@Test
	void countsReleasesRefreshesAndForceReleasesByOutcome() {
		LockProvider provider = provider(new MemoryLockAdapter(), false);
		Lock lock = provider.create("job", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		Lock stranger = provider.create("job");
		lock.acquire();
		assertThat(lock.refresh()).isTrue();
		assertThat(stranger.refresh()).isFalse();
		assertThat(stranger.release()).isFalse();
		assertThat(lock.release()).isTrue();
		assertThat(lock.forceRelease()).isFalse();
		lock.acquire();
		assertThat(stranger.forceRelease()).isTrue();
		assertThat(lock.isLocked()).isFalse();

		assertThat(timer("refresh", "refreshed").count()).isEqualTo(1);
		assertThat(timer("refresh", "failed").count()).isEqualTo(1);
		assertThat(timer("release", "released").count()).isEqualTo(1);
		assertThat(timer("release", "failed").count()).isEqualTo(1);
		assertThat(timer("force-release", "absent").count()).isEqualTo(1);
		assertThat(timer("force-release", "released").count()).isEqualTo(1);
		assertThat(timer("read-state", "expired").count()).isEqualTo(1);
	}

	@Test
	void backendFailuresAreErrorsAndStillThrow() {
		LockProvider provider = provider(downAdapter(), false);
		Lock lock = provider.create("broken");
		assertThatExceptionOfType(LockBackendException.class).isThrownBy(lock::acquire);

		Timer errors = timer("acquire", "error");
		assertThat(errors.count()).isEqualTo(1);
		assertThat(errors.getId().getTag("error")).isEqualTo("LockBackendException");
		assertThat(errors.getId().getTag("distlock.adapter")).isEqualTo("instrumentedlockadapter");
	}

	@Test
	void makesOneObservationPerOperationForTracing() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter())
			.observer(new ObservationLockObserver(registry, "memory"))
			.build();
		provider.create("traced").run(() -> {
		});

		io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
			.hasNumberOfObservationsWithNameEqualTo("distlock.operations", 2)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("distlock acquire")
				.hasLowCardinalityKeyValue("distlock.outcome", "acquired")
				.doesNotHaveLowCardinalityKeyValueWithKey("distlock.key"))
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("distlock release")
				.hasLowCardinalityKeyValue("distlock.outcome", "released"));
	}

	@Test
	void namesAdapters() {
		assertThat(LockAdapterNames.of(new MemoryLockAdapter())).isEqualTo("memory");
		assertThat(LockAdapterNames.of(new dev.distlock.adapter.NoOpLockAdapter())).isEqualTo("no-op");
		assertThat(LockAdapterNames.of(null)).isEqualTo("unknown");
	}

	/** An adapter whose backend is down. */
	private static InstrumentedLockAdapter downAdapter() {
		InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());
		adapter.failWith(new IllegalStateException("down"));
		return adapter;
	}

}
