package dev.distlock.spring.boot.autoconfigure.actuate;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.actuate.LocksEndpoint;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.boot.autoconfigure.HeldLocksAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint only when exposed, the health indicator unless disabled, and neither without Actuator. */
class LockActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
				HeldLocksAutoConfiguration.class, LocksEndpointAutoConfiguration.class,
				LockHealthContributorAutoConfiguration.class));

	@Test
	void endpointOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(LocksEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.run((context) -> assertThat(context).hasSingleBean(LocksEndpoint.class));
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
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LockHealthIndicator.class);
				assertThat(context).getBeanNames(LocksEndpoint.class).containsExactly("myLocksEndpoint");
			});
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=locks")
			.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LocksEndpoint.class)
				.doesNotHaveBean(LockHealthIndicator.class));
	}

}
