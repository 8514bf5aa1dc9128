package dev.distlock.spring.boot.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.NoOpLockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.InvalidDistributedLockException;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Several providers side by side: {@code distlock.providers.<name>.*} beside the default one. */
class NamedLockProvidersTests {

	private static TestRedisEndpoint redis;

	private final String namespace = "distlock-test-" + UUID.randomUUID();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class));

	@BeforeAll
	static void findRedis() {
		redis = TestRedis.endpoint();
	}

	@Test
	void twoAdaptersAtOnceEachBehindItsOwnProvider() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DistributedLockAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + redis.url(), "distlock.namespace=" + this.namespace,
					"distlock.providers.local.adapter=memory", "distlock.providers.local.default-ttl=never")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LockProvider cluster = context.getBean(LockProvider.class);
				LockProvider local = context.getBean("localLockProvider", LockProvider.class);
				assertThat(context.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
				assertThat(context.getBean("localLockAdapter")).isInstanceOf(MemoryLockAdapter.class);
				assertThat(local.getNamespace().root()).isEqualTo("local");
				assertThat(local.getDefaultExpiry()).isEqualTo(Expiry.never());
				assertThat(cluster.getDefaultExpiry()).isNotEqualTo(Expiry.never());
				Lock held = cluster.create("job");
				assertThat(held.acquire()).isTrue();
				try {
					// Another adapter and namespace: the memory provider does not see the Redis hold.
					Lock other = local.create("job");
					assertThat(other.acquire()).isTrue();
					other.release();
					assertThat(cluster.create("job").acquire()).as("excluded through Redis").isFalse();
				}
				finally {
					held.release();
				}
			});
	}

	@Test
	void aNamedProviderIsInjectedByItsQualifierAndListedByName() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=no-op")
			.withBean(NeedsJobs.class)
			.run((context) -> {
				LockProvider jobs = context.getBean(NeedsJobs.class).jobs();
				assertThat(jobs).isSameAs(context.getBean("jobsLockProvider"));
				assertThat(jobs.getNamespace().root()).isEqualTo("jobs");
				assertThat(context.getBean(LockProvider.class)).isNotSameAs(jobs);
				// The application's LockAdapter stays the default provider's.
				assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class);
				assertThat(context.getBean("jobsLockAdapter")).isInstanceOf(NoOpLockAdapter.class);
				LockProviders providers = context.getBean(LockProviders.class);
				assertThat(providers.names()).containsExactly("default", "jobs");
				assertThat(providers.get("jobs")).isSameAs(jobs);
			});
	}

	@Test
	void theAnnotationTakesItsLockFromTheProviderItNames() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory")
			.withBean(Jobs.class)
			.run((context) -> {
				LockProvider jobs = context.getBean("jobsLockProvider", LockProvider.class);
				LockProvider defaults = context.getBean(LockProvider.class);
				Jobs bean = context.getBean(Jobs.class);
				assertThat(bean.inJobs(() -> jobs.create("nightly").isLocked())).isTrue();
				assertThat(bean.inJobs(() -> defaults.create("nightly").isLocked())).isFalse();
				assertThat(bean.inDefault(() -> defaults.create("nightly").isLocked())).isTrue();
				assertThat(bean.inDefault(() -> jobs.create("nightly").isLocked())).isFalse();
			});
	}

	@Test
	void theApplicationsOwnDefaultProviderStaysTheOneInjectedByType() {
		LockProvider own = LockProvider.builder(new MemoryLockAdapter()).namespace("own").build();
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory")
			.withBean(LockProvider.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LockProvider.class)).isSameAs(own);
				assertThat(context.getBean(LockProviders.class).get("default")).isSameAs(own);
				assertThat(context.getBean(LockProviders.class).get("jobs").getNamespace().root()).isEqualTo("jobs");
			});
	}

	@Test
	void anAnnotationNamingNoProviderFailsTheStartupNamingMethodAndProperty() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory")
			.withBean(Misnamed.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidDistributedLockException.class)
					.hasMessageContaining("Misnamed.run")
					.hasMessageContaining("provider")
					.hasMessageContaining("distlock.providers.job.*");
			});
	}

	@Test
	void anApplicationsOwnQualifiedProviderIsOneTheAnnotationMayName() {
		this.runner.withUserConfiguration(OwnJobsProvider.class).withBean(Jobs.class).run((context) -> {
			assertThat(context).hasNotFailed();
			LockProvider jobs = context.getBean(OwnJobsProvider.class).jobs;
			assertThat(context.getBean(Jobs.class).inJobs(() -> jobs.create("nightly").isLocked())).isTrue();
		});
	}

	@Test
	void twoProvidersWithOneNamespaceFailNamingTheProperty() {
		this.runner.withPropertyValues("distlock.providers.jobs.namespace=lock").run((context) -> {
			DistlockConfigurationException failure = DistributedLockAutoConfigurationTests.configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.providers.jobs.namespace");
		});
	}

	@Test
	void aProvidersBeanNameTakenByAnotherBeanFailsInsteadOfReplacingIt() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory")
			.withBean("jobsLockAdapter", String.class, () -> "the application's")
			.run((context) -> assertThat(DistributedLockAutoConfigurationTests.configurationFailure(context)
				.getProperty()).isEqualTo("distlock.providers.jobs"));
	}

	@Test
	void defaultIsNoNameForANamedProvider() {
		this.runner.withPropertyValues("distlock.providers.default.adapter=memory")
			.run((context) -> assertThat(DistributedLockAutoConfigurationTests.configurationFailure(context)
				.getProperty()).isEqualTo("distlock.providers.default"));
	}

	@Test
	void aNamedProvidersBadSettingFailsNamingItsProperty() {
		this.runner.withPropertyValues("distlock.providers.jobs.blocking.interval=0s").run((context) -> {
			DistlockConfigurationException failure = DistributedLockAutoConfigurationTests.configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.providers.jobs.blocking.interval");
		});
	}

	@Test
	void aHandleIsRestoredByTheProviderOfItsNamespaceAndNeverByAnother() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory").run((context) -> {
			LockProviders providers = context.getBean(LockProviders.class);
			LockProvider jobs = providers.get("jobs");
			Lock lock = jobs.create("report");
			assertThat(lock.acquire()).isTrue();
			Lock restored = providers.restore(lock.toHandle());
			assertThat(restored.release()).as("released through the jobs provider's adapter").isTrue();
			assertThat(jobs.create("report").isExpired()).isTrue();
			Lock elsewhere = LockProvider.builder(new MemoryLockAdapter()).namespace("billing").build().create("x");
			assertThatIllegalArgumentException().isThrownBy(() -> providers.restore(elsewhere.toHandle()))
				.withMessageContaining("billing");
		});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class OwnJobsProvider {

		final LockProvider jobs = LockProvider.builder(new MemoryLockAdapter()).namespace("own-jobs").build();

		@org.springframework.context.annotation.Bean
		@Qualifier("jobs")
		LockProvider ownJobsProvider() {
			return this.jobs;
		}

	}

	record NeedsJobs(@Qualifier("jobs") LockProvider jobs) {
	}

	static class Jobs {

		@DistributedLock(key = "'nightly'", provider = "jobs")
		public boolean inJobs(java.util.function.BooleanSupplier check) {
			return check.getAsBoolean();
		}

		@DistributedLock(key = "'nightly'")
		public boolean inDefault(java.util.function.BooleanSupplier check) {
			return check.getAsBoolean();
		}

	}

	static class Misnamed {

		@DistributedLock(provider = "job")
		public void run() {
		}

	}

}
