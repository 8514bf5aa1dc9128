package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.DefaultLockProvider;
import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockListenable;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LostLockPolicy;
import dev.distlock.Namespace;
import dev.distlock.ReleaseErrorPolicy;
import dev.distlock.Renewal;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.NoOpLockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.DistributedLockBeanPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/** The auto-configuration without Redis: adapters, properties, back-off, failures and the annotation's wiring. */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class));

	static DistlockConfigurationException configurationFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(DistlockConfigurationException.class);
		return (DistlockConfigurationException) cause;
	}

	@Test
	void defaultsToMemoryWithoutARedisConnectionFactory(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LockAdapter.class).hasSingleBean(LockProvider.class);
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class);
			assertThat(context.getBean(LockListenable.class)).isSameAs(context.getBean(LockProvider.class));
			LockProvider provider = context.getBean(LockProvider.class);
			assertThat(provider.getNamespace()).isEqualTo(Namespace.of("lock"));
			assertThat(provider.getDefaultExpiry()).isEqualTo(Expiry.after(Duration.ofMinutes(5)));
			assertThat(provider.getDefaultBlockingSettings()).isEqualTo(BlockingSettings.DEFAULTS);
			assertThat(provider.isDefaultRenewal()).isFalse();
			assertThat(provider.getLostLockPolicy()).isEqualTo(LostLockPolicy.THROW);
			assertThat(provider.getReleaseErrorPolicy()).isEqualTo(ReleaseErrorPolicy.LOG);
		});
		// A WARN that names the property, and both ways to locks across instances.
		assertThat(output).contains("use the MemoryLockAdapter (distlock.adapter=auto)")
			.containsPattern("WARN .* memory locks are local to this JVM and do not exclude other instances")
			.contains("distlock.adapter=auto found neither a RedisConnectionFactory bean")
			.contains("dev.distlock:lock-redis")
			.contains("dev.distlock:lock-jdbc")
			.contains("set distlock.adapter=memory to keep memory locks without this warning");
	}

	@Test
	void memoryChosenByNameDoesNotWarn(CapturedOutput output) {
		this.runner.withPropertyValues("distlock.adapter=memory")
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class));
		assertThat(output).contains("use the MemoryLockAdapter (distlock.adapter=memory)")
			.doesNotContain("memory locks are local");
	}

	@Test
	void theApplicationsOwnMemoryAdapterDoesNotWarn(CapturedOutput output) {
		this.runner.withBean(LockAdapter.class, MemoryLockAdapter::new)
			.run((context) -> assertThat(context).hasSingleBean(LockAdapter.class));
		assertThat(output).doesNotContain("memory locks are local");
	}

	@Test
	void memoryWhenRedisClassesAreAbsent() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, RedisLockAdapter.class))
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class));
	}

	@Test
	void memoryWhenChosenEvenWithARedisConnectionFactory() {
		this.runner.withPropertyValues("distlock.adapter=memory")
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class));
	}

	@Test
	void noOpWhenChosen(CapturedOutput output) {
		this.runner.withPropertyValues("distlock.adapter=no-op").run((context) -> {
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(NoOpLockAdapter.class);
			Lock lock = context.getBean(LockProvider.class).create("job");
			assertThat(lock.acquire()).isTrue();
			assertThat(context.getBean(LockProvider.class).create("job").acquire()).isTrue();
		});
		assertThat(output).contains("use the NoOpLockAdapter (distlock.adapter=no-op)")
			.doesNotContain("memory locks are local");
	}

	@Test
	void adapterValueIsReadLikeSpringBootReadsEnums() {
		this.runner.withPropertyValues("distlock.adapter=NO_OP")
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(NoOpLockAdapter.class));
	}

	@Test
	void unknownAdapterFailsNamingTheProperty() {
		// Bound once, through the Binder, as the condition binds it: Spring Boot's report lists the valid values.
		this.runner.withPropertyValues("distlock.adapter=mongo").run((context) -> {
			BindException failure = bindFailure(context);
			assertThat(failure.getProperty().getName()).hasToString("distlock.adapter");
			assertThat(failure.getProperty().getValue()).isEqualTo("mongo");
		});
	}

	@Test
	void redisWithoutSpringDataRedisFails() {
		this.runner.withPropertyValues("distlock.adapter=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				DistlockConfigurationException failure = configurationFailure(context);
				assertThat(failure.getProperty()).isEqualTo("distlock.adapter");
				assertThat(failure).hasMessageContaining("Spring Data Redis");
				assertThat(failure.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void redisWithoutTheRedisModuleFails() {
		this.runner.withPropertyValues("distlock.adapter=redis")
			.withClassLoader(new FilteredClassLoader(RedisLockAdapter.class))
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(configurationFailure(context).getAction()).contains("dev.distlock:lock-redis"));
	}

	@Test
	void redisWithoutAConnectionFactoryFails() {
		this.runner.withPropertyValues("distlock.adapter=redis").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure).hasMessageContaining("RedisConnectionFactory bean");
			assertThat(failure.getAction()).contains("spring.data.redis");
		});
	}

	@Test
	void usersAdapterWinsAndRedisNeedNotBePresent() {
		LockAdapter own = new MemoryLockAdapter();
		this.runner.withPropertyValues("distlock.adapter=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, RedisLockAdapter.class))
			.withBean("ownAdapter", LockAdapter.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(LockAdapter.class);
				assertThat(context.getBean(LockAdapter.class)).isSameAs(own);
				assertThat(context).hasSingleBean(DefaultLockProvider.class);
			});
	}

	@Test
	void usersProviderWins() {
		this.runner.withUserConfiguration(OwnProviderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LockProvider.class);
			assertThat(context.getBean(LockProvider.class).getNamespace()).isEqualTo(Namespace.of("own"));
		});
	}

	@Test
	void propertiesConfigureTheProvider() {
		this.runner
			.withPropertyValues("distlock.namespace=billing", "distlock.delimiter=/", "distlock.default-ttl=30s",
					"distlock.blocking.wait-time=10s", "distlock.blocking.interval=250ms")
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(provider.getNamespace()).isEqualTo(Namespace.of("billing").withDelimiter("/"));
				assertThat(provider.getDefaultExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
				assertThat(provider.getDefaultBlockingSettings())
					.isEqualTo(BlockingSettings.of(Duration.ofSeconds(10), Duration.ofMillis(250)));
				assertThat(provider.create("a").getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
			});
	}

	@Test
	void policyPropertiesReachTheProvider() {
		this.runner.withPropertyValues("distlock.lost-lock-policy=notify", "distlock.release-error-policy=throw")
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(provider.getLostLockPolicy()).isEqualTo(LostLockPolicy.NOTIFY);
				assertThat(provider.getReleaseErrorPolicy()).isEqualTo(ReleaseErrorPolicy.THROW);
			});
	}

	@Test
	void aLostLockPolicyOfNotifyReturnsTheWorksResult() {
		this.runner.withPropertyValues("distlock.lost-lock-policy=notify", "distlock.default-ttl=100ms")
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				Lock lock = provider.create("job");
				assertThat(lock.runOrFail(() -> {
					await().atMost(Duration.ofSeconds(5)).until(() -> provider.create("job").acquire());
					return "done";
				})).isEqualTo("done");
				assertThat(lock.isLost()).isTrue();
			});
	}

	@Test
	void anUnknownPolicyFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.lost-lock-policy=ignore").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(bindFailure(context).getProperty().getName()).hasToString("distlock.lost-lock-policy");
		});
		this.runner.withPropertyValues("distlock.release-error-policy=retry")
			.run((context) -> assertThat(bindFailure(context).getProperty().getName())
				.hasToString("distlock.release-error-policy"));
	}

	private static BindException bindFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bindException) {
				return bindException;
			}
		}
		throw new AssertionError("No BindException in " + context.getStartupFailure());
	}

	@Test
	void renewalPropertyRenewsLocksThatLeaveItToTheDefault() {
		this.runner.withPropertyValues("distlock.renewal.enabled=true", "distlock.default-ttl=300ms")
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(provider.isDefaultRenewal()).isTrue();
				Lock renewed = provider.create("renewed");
				Lock notRenewed = provider.create("not-renewed", LockSettings.defaults().withRenewal(Renewal.DISABLED));
				assertThat(renewed.acquire()).isTrue();
				assertThat(notRenewed.acquire()).isTrue();
				Lock other = provider.create("renewed");
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(5))
					.until(() -> !other.acquire());
				assertThat(notRenewed.isExpired()).as("not renewed, so expired").isTrue();
				assertThat(renewed.release()).isTrue();
			});
	}

	@Test
	void theProviderIsClosedWithTheContextAndStopsRenewing() {
		MemoryLockAdapter adapter = new MemoryLockAdapter();
		this.runner.withPropertyValues("distlock.renewal.enabled=true", "distlock.default-ttl=300ms")
			.withBean(LockAdapter.class, () -> adapter)
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(provider.create("job").acquire()).isTrue();
				Lock other = provider.create("job");
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !other.acquire());
			});
		// Renewed by a thread that lived on, the key would stay held for good; closed, its TTL frees it.
		Lock afterwards = LockProvider.builder(adapter).build().create("job");
		await().atMost(Duration.ofSeconds(5)).until(afterwards::acquire);
	}

	@Test
	void customizersRunInOrderAfterTheProperties() {
		this.runner.withPropertyValues("distlock.namespace=billing")
			.withBean("second", LockProviderBuilderCustomizer.class,
					() -> new OrderedCustomizer(2, (name, builder) -> builder.instanceId("second")))
			.withBean("first", LockProviderBuilderCustomizer.class,
					() -> new OrderedCustomizer(1, (name, builder) -> builder.instanceId("first").namespace("custom")))
			.run((context) -> {
				LockProvider provider = context.getBean(LockProvider.class);
				assertThat(provider.getInstanceId()).isEqualTo("second");
				assertThat(provider.getNamespace()).isEqualTo(Namespace.of("custom"));
			});
	}

	record OrderedCustomizer(int order, LockProviderBuilderCustomizer delegate)
			implements LockProviderBuilderCustomizer, org.springframework.core.Ordered {

		@Override
		public void customize(String providerName, LockProvider.Builder builder) {
			this.delegate.customize(providerName, builder);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Test
	void defaultTtlNeverMakesLocksWithoutExpiry() {
		this.runner.withPropertyValues("distlock.default-ttl=never").run((context) -> {
			LockProvider provider = context.getBean(LockProvider.class);
			assertThat(provider.getDefaultExpiry()).isEqualTo(Expiry.never());
			assertThat(provider.create("a").getExpiry()).isEqualTo(Expiry.never());
			assertThat(provider.create("b", LockSettings.defaults().withTtl(Duration.ofSeconds(1))).getExpiry())
				.isEqualTo(Expiry.after(Duration.ofSeconds(1)));
		});
	}

	@Test
	void zeroDefaultTtlFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.default-ttl=0s").run((context) -> {
			BindException failure = bindFailure(context);
			assertThat(failure.getProperty().getName()).hasToString("distlock.default-ttl");
			assertThat(failure).rootCause().hasMessageContaining("ttl must be positive");
		});
	}

	@Test
	void negativeDefaultTtlFails() {
		this.runner.withPropertyValues("distlock.default-ttl=-5s")
			.run((context) -> assertThat(bindFailure(context).getProperty().getValue()).isEqualTo("-5s"));
	}

	@Test
	void aDurationThatIsNotOneFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.default-ttl=forever")
			.run((context) -> assertThat(bindFailure(context).getProperty().getName())
				.hasToString("distlock.default-ttl"));
	}

	@Test
	void negativeWaitTimeFails() {
		this.runner.withPropertyValues("distlock.blocking.wait-time=-1s")
			.run((context) -> assertThat(configurationFailure(context).getProperty())
				.isEqualTo("distlock.blocking.wait-time"));
	}

	@Test
	void zeroIntervalFails() {
		this.runner.withPropertyValues("distlock.blocking.interval=0ms")
			.run((context) -> assertThat(configurationFailure(context).getProperty())
				.isEqualTo("distlock.blocking.interval"));
	}

	@Test
	void blankNamespaceFails() {
		this.runner.withPropertyValues("distlock.namespace= ")
			.run((context) -> assertThat(configurationFailure(context).getProperty()).isEqualTo("distlock.namespace"));
	}

	@Test
	void annotationIsAppliedWithClassProxiesAndTheConfiguredOrder() {
		this.runner.withPropertyValues("distlock.aop-order=42").withBean(Annotated.class).run((context) -> {
			DistributedLockBeanPostProcessor postProcessor = context.getBean(DistributedLockBeanPostProcessor.class);
			assertThat(postProcessor.isProxyTargetClass()).isTrue();
			Annotated annotated = context.getBean(Annotated.class);
			assertThat(AopUtils.isCglibProxy(annotated)).isTrue();
			assertThat(annotated.isLocked()).isTrue();
			assertThat(((org.springframework.aop.framework.Advised) annotated).getAdvisors())
				.anySatisfy((advisor) -> assertThat(advisor).hasFieldOrPropertyWithValue("order", 42));
		});
	}

	@Test
	void annotationFollowsSpringAopProxyTargetClass() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(AnnotatedService.class, AnnotatedImpl::new)
			.run((context) -> {
				AnnotatedService service = context.getBean(AnnotatedService.class);
				assertThat(AopUtils.isJdkDynamicProxy(service)).isTrue();
				assertThat(service.isLocked()).isTrue();
			});
	}

	@Test
	void usersPostProcessorWins() {
		DistributedLockBeanPostProcessor own = new DistributedLockBeanPostProcessor();
		this.runner.withBean("ownPostProcessor", DistributedLockBeanPostProcessor.class, () -> own)
			.run((context) -> assertThat(context.getBean(DistributedLockBeanPostProcessor.class)).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProviderConfiguration {

		@Bean
		LockProvider ownProvider() {
			return LockProvider.builder(new MemoryLockAdapter()).namespace("own").build();
		}

	}

	public interface AnnotatedService {

		boolean isLocked();

	}

	static class AnnotatedImpl implements AnnotatedService {

		@Autowired
		private LockProvider lockProvider;

		@Override
		@DistributedLock(key = "'annotated'")
		public boolean isLocked() {
			return this.lockProvider.create("annotated").isLocked();
		}

	}

	static class Annotated {

		@Autowired
		private LockProvider lockProvider;

		@DistributedLock(key = "'annotated'")
		public boolean isLocked() {
			return this.lockProvider.create("annotated").isLocked();
		}

	}

}
