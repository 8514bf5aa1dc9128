package dev.distlock.spring.boot.autoconfigure.observation;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.distlock.Lock;
import dev.distlock.LockObserver;
import dev.distlock.LockProvider;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.LockSettings;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.boot.autoconfigure.HeldLocksAutoConfiguration;
import dev.distlock.spring.observation.DefaultLockObservationConvention;
import dev.distlock.spring.observation.HeldLocksMeterBinder;
import dev.distlock.spring.observation.LockObservationContext;
import dev.distlock.spring.observation.LockObservationConvention;
import dev.distlock.spring.observation.LostLocksMeterBinder;
import dev.distlock.spring.observation.ObservationLockObserver;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Metrics and traces wired the way Spring Boot wires its own observations, and their back-off. */
class LockObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				DistributedLockAutoConfiguration.class, HeldLocksAutoConfiguration.class,
				LockObservationAutoConfiguration.class, LockMetricsAutoConfiguration.class));

	@Test
	void eachProvidersOperationsAreTaggedWithItsNameAndItsOwnAdapter() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=no-op").run((context) -> {
			context.getBean(LockProvider.class).create("a").acquire();
			context.getBean("jobsLockProvider", LockProvider.class).create("b").acquire();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("distlock.operations")
				.tag("distlock.provider", "default")
				.tag("distlock.adapter", "memory")
				.tag("distlock.namespace", "lock")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("distlock.operations")
				.tag("distlock.provider", "jobs")
				.tag("distlock.adapter", "no-op")
				.tag("distlock.namespace", "jobs")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void semaphoreAndReadWriteLockOperationsAreTaggedWithTheirKind() {
		this.runner.run((context) -> {
			context.getBean(LockProvider.class).create("a").acquire();
			context.getBean(SemaphoreProvider.class).create("a", 2).acquire();
			context.getBean(ReadWriteLockProvider.class).create("a").readLock().acquire();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (String kind : List.of("lock", "semaphore", "read-write-lock")) {
				assertThat(meters.get("distlock.operations")
					.tag("distlock.kind", kind)
					.tag("distlock.operation", "acquire")
					.tag("distlock.outcome", "acquired")
					.tag("distlock.adapter", "memory")
					.tag("distlock.provider", "default")
					.timer()
					.count()).as(kind).isEqualTo(1);
			}
		});
	}

	@Test
	void lockOperationsBecomeMetersWithoutAKeyTag() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservationLockObserver.class).hasSingleBean(HeldLocksMeterBinder.class);
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:1", LockSettings.defaults().withName("ship"));
			lock.acquire();
			provider.create("orders:1").acquire();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("distlock.locks.held").gauge().value()).isEqualTo(1);
			lock.release();

			Timer unavailable = meters.get("distlock.operations")
				.tag("distlock.operation", "acquire")
				.tag("distlock.outcome", "unavailable")
				.tag("distlock.namespace", "lock")
				.tag("distlock.adapter", "memory")
				.tag("distlock.lock.name", "none")
				.timer();
			assertThat(unavailable.count()).isEqualTo(1);
			assertThat(meters.get("distlock.operations").tag("distlock.outcome", "acquired").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("distlock.locks.held.duration").tag("distlock.lock.name", "ship").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("distlock.locks.held").gauge().value()).isZero();
			assertThat(meters.getMeters()).extracting(Meter::getId)
				.allSatisfy((id) -> assertThat(id.getTag("distlock.key")).isNull());
		});
	}

	@Test
	void lostLocksAreCountedWithoutOwnerOrKey() {
		this.runner.withPropertyValues("distlock.default-ttl=100ms").run((context) -> {
			assertThat(context).hasSingleBean(LostLocksMeterBinder.class);
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:7", LockSettings.defaults().withName("ship"));
			lock.acquire();
			await().atMost(Duration.ofSeconds(5)).until(() -> provider.create("orders:7").acquire());
			assertThat(lock.release()).isFalse();

			Counter lost = context.getBean(MeterRegistry.class)
				.get("distlock.locks.lost")
				.tag("distlock.namespace", "lock")
				.tag("distlock.adapter", "memory")
				.tag("distlock.lock.name", "ship")
				.tag("distlock.detection", "release")
				.counter();
			assertThat(lost.count()).isEqualTo(1);
			assertThat(lost.getId().getTag("distlock.key")).isNull();
			assertThat(lost.getId().getTags()).extracting((tag) -> tag.getValue()).doesNotContain(lock.getOwner());
		});
	}

	@Test
	void lostLocksAreTaggedWithTheKeyWhenAskedTo() {
		this.runner.withPropertyValues("distlock.default-ttl=100ms", "distlock.metrics.key-tag=true").run((context) -> {
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:8");
			lock.acquire();
			await().atMost(Duration.ofSeconds(5)).until(() -> provider.create("orders:8").acquire());
			lock.release();
			assertThat(context.getBean(MeterRegistry.class)
				.get("distlock.locks.lost")
				.tag("distlock.key", "orders:8")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void tagsTheKeyWhenAskedTo() {
		this.runner.withPropertyValues("distlock.metrics.key-tag=true").run((context) -> {
			context.getBean(LockProvider.class).create("orders:2").acquire();
			assertThat(context.getBean(MeterRegistry.class)
				.get("distlock.operations")
				.tag("distlock.key", "orders:2")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void switchedOffLikeAnyObservation() {
		this.runner.withPropertyValues("management.observations.enable.distlock.operations=false").run((context) -> {
			context.getBean(LockProvider.class).create("orders:6").acquire();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("distlock.operations").timer()).isNull();
			assertThat(meters.get("distlock.locks.held").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void aConventionBeanRenamesAndRetags() {
		this.runner.withBean(LockObservationConvention.class, CustomConvention::new).run((context) -> {
			context.getBean(LockProvider.class).create("orders:3").acquire();
			assertThat(context.getBean(MeterRegistry.class).get("locks").tag("team", "billing").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void anObserverBeanWins() {
		LockObserver observer = LockObserver.NONE;
		this.runner.withBean(LockObserver.class, () -> observer).run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationLockObserver.class);
			context.getBean(LockProvider.class).create("orders:4").acquire();
			assertThat(context.getBean(MeterRegistry.class).find("distlock.operations").timer()).isNull();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					HeldLocksAutoConfiguration.class, LockObservationAutoConfiguration.class,
					LockMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class, MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ObservationLockObserver.class)
					.doesNotHaveBean(HeldLocksMeterBinder.class)
					.doesNotHaveBean(LostLocksMeterBinder.class);
				assertThat(context.getBean(LockProvider.class).create("orders:5").acquire()).isTrue();
			});
	}

	@Test
	void backsOffWithoutRegistries() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					HeldLocksAutoConfiguration.class, LockObservationAutoConfiguration.class,
					LockMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ObservationLockObserver.class)
				.doesNotHaveBean(HeldLocksMeterBinder.class)
				.doesNotHaveBean(LostLocksMeterBinder.class));
	}

	static class CustomConvention extends DefaultLockObservationConvention {

		@Override
		public String getName() {
			return "locks";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(LockObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "billing");
		}

	}

}
