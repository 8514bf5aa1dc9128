package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.redis.RedisLockEventBus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The cross-instance bus's counts as meters. A mock connection factory whose connections always fail stands in for
 * a Redis that is down: every event the provider fires is lost, and counted.
 */
class RedisLockEventBusMetersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				DistributedLockAutoConfiguration.class))
		.withPropertyValues("distlock.adapter=memory", "distlock.events.cross-instance.enabled=true")
		.withBean(RedisConnectionFactory.class, RedisLockEventBusMetersTests::redisDown);

	@Test
	void droppedEventsAndGarbageAreCountersTaggedWithTheNamespace() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			FunctionCounter dropped = meters.get("distlock.events.dropped")
				.tag("distlock.namespace", "lock")
				.functionCounter();
			FunctionCounter garbage = meters.get("distlock.events.garbage")
				.tag("distlock.namespace", "lock")
				.functionCounter();
			assertThat(dropped.count()).isZero();
			assertThat(garbage.count()).isZero();
			assertThat(dropped.getId().getDescription()).startsWith("Lock events the cross-instance bus lost");

			// Acquired and released: two events of this instance, neither of which Redis takes.
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:1");
			assertThat(lock.acquire()).isTrue();
			assertThat(lock.release()).isTrue();

			await().atMost(Duration.ofSeconds(10)).until(() -> dropped.count() == 2);
			assertThat(context.getBean(RedisLockEventBus.class).getDroppedEventCount()).isEqualTo(2);
		});
	}

	@Test
	void noMetersWhileEventsStayLocal() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(RedisLockEventBusMeterBinder.class);
			assertThat(context.getBean(MeterRegistry.class).find("distlock.events.dropped").meter()).isNull();
		});
	}

	@Test
	void withoutMicrometerTheBusStillWorks() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=memory", "distlock.events.cross-instance.enabled=true")
			.withBean(RedisConnectionFactory.class, RedisLockEventBusMetersTests::redisDown)
			.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RedisLockEventBus.class)
				.doesNotHaveBean(RedisLockEventBusMeterBinder.class));
	}

	private static RedisConnectionFactory redisDown() {
		RedisConnectionFactory connectionFactory = mock(RedisConnectionFactory.class);
		given(connectionFactory.getConnection()).willThrow(new RedisConnectionFailureException("Redis is down"));
		return connectionFactory;
	}

}
