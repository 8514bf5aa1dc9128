package dev.distlock.spring.boot.autoconfigure.actuate;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.distlock.LockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.actuate.LocksEndpoint;
import dev.distlock.spring.actuate.LocksEndpointWebExtension;
import dev.distlock.spring.boot.autoconfigure.DistlockConfigurationException;
import dev.distlock.spring.boot.autoconfigure.DistlockProperties;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.boot.autoconfigure.HeldLocksAutoConfiguration;
import dev.distlock.spring.observation.HeldLocks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint only when exposed (read-only unless opted in), the held locks only for the endpoint or meters, the
 * health indicator unless disabled, and none of them without Actuator.
 */
class LockActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
				HeldLocksAutoConfiguration.class, LocksEndpointAutoConfiguration.class,
				LockHealthContributorAutoConfiguration.class));

	@Test
	void theEndpointReadsTheSemaphoresAndReadWriteLocksOfTheApplication() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks").run((context) -> {
			LocksEndpoint endpoint = context.getBean(LocksEndpoint.class);
			assertThat(endpoint.locks().leaseProviders()).extracting(LocksEndpoint.LeaseProviderDescriptor::selector)
				.containsExactly("semaphores", "read-write-locks");
			context.getBean(SemaphoreProvider.class).create("exports", 4).acquire();
			assertThat(endpoint.lease("semaphores", "exports"))
				.isEqualTo(new LocksEndpoint.SemaphoreStateDescriptor("lock", "exports", 4, 1, 3));
		});
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks", "distlock.adapter=no-op")
			.run((context) -> assertThat(context.getBean(LocksEndpoint.class).locks().leaseProviders()).isEmpty());
	}

	@Test
	void healthAndEndpointListEveryProvider() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks",
				"distlock.providers.jobs.adapter=memory", "distlock.providers.audit.adapter=no-op")
			.run((context) -> {
				assertThat(context).hasSingleBean(LockHealthIndicator.class);
				CompositeHealthContributor named = context.getBean("distlockProvidersHealthContributor",
						CompositeHealthContributor.class);
				assertThat(named.stream().map(HealthContributors.Entry::name)).containsExactly("jobs", "audit");
				HealthIndicator jobs = (HealthIndicator) named.getContributor("jobs");
				assertThat(jobs.health().getStatus()).isEqualTo(Status.UP);
				assertThat(jobs.health().getDetails()).containsEntry("namespace", "jobs");
				assertThat(context.getBean(LocksEndpoint.class).locks().providers()).containsExactly(
						new LocksEndpoint.ProviderDescriptor("default", "lock"),
						new LocksEndpoint.ProviderDescriptor("jobs", "jobs"),
						new LocksEndpoint.ProviderDescriptor("audit", "audit"));
			});
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("distlockProvidersHealthContributor"));
	}

	@Test
	void endpointOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(LocksEndpoint.class)
			.doesNotHaveBean(LocksEndpointWebExtension.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.run((context) -> assertThat(context).hasSingleBean(LocksEndpoint.class)
				.hasSingleBean(LocksEndpointWebExtension.class));
	}

	@Test
	void overJmxWithoutTheWebExtension() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=locks")
			.run((context) -> assertThat(context).hasSingleBean(LocksEndpoint.class)
				.doesNotHaveBean(LocksEndpointWebExtension.class));
	}

	@Test
	void heldLocksOnlyForSomethingThatShowsThem() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HeldLocks.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.run((context) -> assertThat(context).hasSingleBean(HeldLocks.class));
		this.runner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(HeldLocks.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(HeldLocks.class));
	}

	@Test
	void heldLocksListenOnlyWhenThere() {
		// Without the endpoint or meters no listener hears the lock events: no memory for held locks at all.
		this.runner.run((context) -> {
			LockProvider provider = context.getBean(LockProvider.class);
			assertThat(provider.create("untracked").acquire()).isTrue();
			assertThat(context).doesNotHaveBean(HeldLocks.class);
		});
	}

	@Test
	void heldLocksAreCappedAsConfigured() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=locks", "distlock.held-locks.max-size=2")
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				for (int i = 0; i < 3; i++) {
					provider.create("capped:" + i).acquire();
				}
				LocksEndpoint.HeldLocksDescriptor locks = context.getBean(LocksEndpoint.class).locks();
				assertThat(locks.locks()).hasSize(2);
				assertThat(locks.maxSize()).isEqualTo(2);
				assertThat(locks.overflow()).isEqualTo(1);
			});
		this.runner.run((context) -> assertThat(context.getBean(DistlockProperties.class).heldLocks().maxSize())
			.isEqualTo(HeldLocks.DEFAULT_MAX_SIZE));
	}

	@Test
	void aMaxSizeOutOfRangeFailsTheStartupEvenWhenNothingShowsTheLocks() {
		this.runner.withPropertyValues("distlock.held-locks.max-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(DistlockConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("distlock.held-locks.max-size"));
		});
	}

	@Test
	void endpointNotWhenDisabled() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=locks",
					"management.endpoint.locks.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(LocksEndpoint.class));
	}

	@Test
	void healthIndicatorByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LockHealthIndicator.class).hasBean("distlockHealthIndicator");
			assertThat(context.getBean(LockHealthIndicator.class).health().getDetails()).containsEntry("adapter",
					"memory");
		});
	}

	@Test
	void healthIndicatorNotWhenDisabled() {
		this.runner.withPropertyValues("management.health.distlock.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockHealthIndicator.class));
	}

	@Test
	void userBeansWin() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.withBean("distlockHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.withBean("myLocksEndpoint", LocksEndpoint.class, () -> new LocksEndpoint(null, null))
			.withBean("myHeldLocks", HeldLocks.class,
					() -> new HeldLocks(LockProvider.builder(new MemoryLockAdapter()).build(), Clock.systemUTC()))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LockHealthIndicator.class);
				assertThat(context).getBeanNames(LocksEndpoint.class).containsExactly("myLocksEndpoint");
				assertThat(context).getBeanNames(HeldLocks.class).containsExactly("myHeldLocks");
				assertThat(context.getBean(LocksEndpointWebExtension.class)).isNotNull();
			});
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LocksEndpoint.class)
				.doesNotHaveBean(HeldLocks.class)
				.doesNotHaveBean(LockHealthIndicator.class));
	}

}
