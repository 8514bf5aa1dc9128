package dev.distlock.spring.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.LockListenable;
import dev.distlock.LockProvider;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.redis.RedisLockEventBus;

import static dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfigurationTests.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Which event bus the provider gets, and its instance id. A mock connection factory stands in for Redis here: the bus
 * never subscribes on it; the starter's tests run it on a real Redis.
 */
class CrossInstanceEventsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
		.withPropertyValues("distlock.adapter=memory");

	@Test
	void eventsStayLocalByDefaultEvenWithRedis() {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisLockEventBus.class));
	}

	@Test
	void enabledWithRedisTheProviderPublishesThroughTheRedisBus() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true")
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> {
				RedisLockEventBus bus = context.getBean(RedisLockEventBus.class);
				LockProvider provider = context.getBean(LockProvider.class);
				List<LockEvent> heard = new CopyOnWriteArrayList<>();
				provider.addListener(heard::add);

				// A listener added on the provider hears what arrives on the bus: the provider's bus is this one.
				LockAcquiredEvent event = new LockAcquiredEvent(provider.create("k"), "elsewhere", 1);
				bus.publish(event);

				assertThat(heard).containsExactly(event);
				assertThat(bus).hasToString("RedisLockEventBus[channel=distlock:events:lock]");
				assertThat(bus.includesOwners()).as("owners are credentials: fingerprints by default").isFalse();
			});
	}

	@Test
	void theBusSendsOwnersOnlyWhenToldTo() {
		this.runner
			.withPropertyValues("distlock.events.cross-instance.enabled=true",
					"distlock.events.cross-instance.include-owners=true")
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context.getBean(RedisLockEventBus.class).includesOwners()).isTrue());
	}

	@Test
	void theLockListenableToInjectIsStillTheProvider() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true")
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withBean(ListensToLocks.class)
			.run((context) -> assertThat(context.getBean(ListensToLocks.class).listenable)
				.isSameAs(context.getBean(LockProvider.class)));
	}

	@Test
	void enabledWithoutAConnectionFactoryFails() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.events.cross-instance.enabled");
			assertThat(failure.getValue()).isEqualTo("true");
			assertThat(failure).hasMessageContaining("no RedisConnectionFactory bean");
			assertThat(failure.getAction()).contains("spring.data.redis", "distlock.events.cross-instance.enabled to false");
		});
	}

	@Test
	void enabledWithoutSpringDataRedisFails() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				DistlockConfigurationException failure = configurationFailure(context);
				assertThat(failure.getProperty()).isEqualTo("distlock.events.cross-instance.enabled");
				assertThat(failure).hasMessageContaining("Spring Data Redis is not on the classpath");
			});
	}

	@Test
	void enabledWithoutTheRedisModuleFails() {
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisLockEventBus.class))
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(configurationFailure(context).getAction())
				.contains("dev.distlock:lock-redis"));
	}

	@Test
	void usersBusWins() {
		RedisConnectionFactory connectionFactory = mock(RedisConnectionFactory.class);
		this.runner.withPropertyValues("distlock.events.cross-instance.enabled=true")
			.withBean(RedisConnectionFactory.class, () -> connectionFactory)
			.withBean("myBus", RedisLockEventBus.class, () -> new RedisLockEventBus(connectionFactory))
			.run((context) -> assertThat(context).getBeanNames(RedisLockEventBus.class).containsExactly("myBus"));
	}

	@Test
	void instanceIdIsTheApplicationNameAndARandomSuffix() {
		this.runner.withPropertyValues("spring.application.name=orders").run((first) -> this.runner
			.withPropertyValues("spring.application.name=orders")
			.run((second) -> {
				String firstId = first.getBean(LockProvider.class).getInstanceId();
				assertThat(firstId).matches("orders-[0-9a-f]{8}");
				assertThat(second.getBean(LockProvider.class).getInstanceId()).matches("orders-[0-9a-f]{8}")
					.isNotEqualTo(firstId);
			}));
	}

	@Test
	void instanceIdWithoutAnApplicationName() {
		this.runner.run((context) -> assertThat(context.getBean(LockProvider.class).getInstanceId())
			.matches("distlock-[0-9a-f]{8}"));
	}

	@Test
	void instanceIdProperty() {
		this.runner.withPropertyValues("distlock.instance-id=orders-eu-1")
			.run((context) -> assertThat(context.getBean(LockProvider.class).getInstanceId()).isEqualTo("orders-eu-1"));
	}

	@Test
	void usersCustomizerMayOverrideTheInstanceId() {
		this.runner.withPropertyValues("distlock.instance-id=from-property")
			.withBean(LockProviderBuilderCustomizer.class, () -> (name, builder) -> builder.instanceId("from-code"))
			.run((context) -> assertThat(context.getBean(LockProvider.class).getInstanceId()).isEqualTo("from-code"));
	}

	static class ListensToLocks {

		final LockListenable listenable;

		ListensToLocks(LockListenable listenable) {
			this.listenable = listenable;
		}

	}

}
