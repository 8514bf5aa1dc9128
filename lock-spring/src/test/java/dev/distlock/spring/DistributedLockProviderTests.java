package dev.distlock.spring;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.RemainingTime;
import dev.distlock.Renewal;
import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code @DistributedLock(provider = ...)} takes its lock from the named provider, and {@code ttl = "never"}. */
class DistributedLockProviderTests {

	private static final String KEY = Namespace.DEFAULT.qualify("k");

	private static AnnotationConfigApplicationContext namedProvidersContext(Set<String> names, Class<?> service) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(DistributedLockConfiguration.POST_PROCESSOR_BEAN_NAME,
				DistributedLockBeanPostProcessor.class, () -> {
					DistributedLockBeanPostProcessor postProcessor = new DistributedLockBeanPostProcessor();
					postProcessor.setProviderNames(names);
					return postProcessor;
				});
		context.register(NamedProvidersConfig.class);
		context.registerBean(service);
		return context;
	}

	private static InvalidDistributedLockException startupFailure(Set<String> names, Class<?> service) {
		return invalid(catchThrowable(() -> {
			AnnotationConfigApplicationContext context = namedProvidersContext(names, service);
			context.refresh();
			context.close();
		}));
	}

	private static InvalidDistributedLockException invalid(Throwable failure) {
		assertThat(failure).as("startup failure").isNotNull();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(InvalidDistributedLockException.class);
		return (InvalidDistributedLockException) cause;
	}

	@Test
	void eachAnnotationTakesItsLockFromTheProviderItNames() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				TwoProvidersConfig.class)) {
			Adapters adapters = context.getBean(Adapters.class);
			Holds jobs = context.getBean(JobsService.class).run();
			assertThat(jobs.inJobs()).as("held in the jobs provider's adapter").isTrue();
			assertThat(jobs.inDefault()).as("held in the default provider's adapter").isFalse();
			Holds defaults = context.getBean(DefaultService.class).run();
			assertThat(defaults.inDefault()).as("held in the default provider's adapter").isTrue();
			assertThat(defaults.inJobs()).as("held in the jobs provider's adapter").isFalse();
			assertThat(adapters.held()).as("held after the calls").isEqualTo(new Holds(false, false));
		}
	}

	@Test
	void withProviderNamesAnAnnotationNamingAnotherFailsTheStartup() {
		InvalidDistributedLockException failure = startupFailure(Set.of("default"), NopeService.class);
		assertThat(failure.getMethod()).isEqualTo(NopeService.class.getName() + ".run");
		assertThat(failure.getAttribute()).isEqualTo("provider");
		assertThat(failure.getValue()).isEqualTo("nope");
		assertThat(failure).hasMessageContaining("distlock.providers.nope");
	}

	@Test
	void withProviderNamesTheNamesDecideNotTheBeans() {
		// A "jobs" bean is defined, but the names given leave it out.
		InvalidDistributedLockException failure = startupFailure(Set.of("default"), JobsNamedService.class);
		assertThat(failure.getAttribute()).isEqualTo("provider");
		assertThat(failure).hasMessageContaining("distlock.providers.jobs");
		try (AnnotationConfigApplicationContext context = namedProvidersContext(Set.of("default", "jobs"),
				JobsNamedService.class)) {
			context.refresh();
			assertThat(context.getBean(JobsNamedService.class).run()).as("held in the jobs provider's adapter")
				.isTrue();
		}
	}

	@Test
	void withoutProviderNamesTheBeanDefinitionsAreCheckedAtStartup() {
		Throwable failure = catchThrowable(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.register(TwoProvidersConfig.class);
			context.registerBean(NopeService.class);
			context.refresh();
			context.close();
		});
		InvalidDistributedLockException invalid = invalid(failure);
		assertThat(invalid.getMethod()).isEqualTo(NopeService.class.getName() + ".run");
		assertThat(invalid.getAttribute()).isEqualTo("provider");
		assertThat(invalid).hasMessageContaining("distlock.providers.nope");
	}

	@Test
	void withoutProviderNamesACallNamingNoProviderFails() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				TwoProvidersConfig.class)) {
			// The interceptor alone, told of no provider names: nothing is checked before the call.
			DistributedLockInterceptor interceptor = new DistributedLockInterceptor(
					new LockProviderLookup(context.getBeanFactory()), null);
			ProxyFactory factory = new ProxyFactory(new NopeService());
			factory.setProxyTargetClass(true);
			factory.addAdvice(interceptor);
			NopeService service = (NopeService) factory.getProxy();
			assertThatIllegalStateException().isThrownBy(service::run)
				.isNotInstanceOf(InvalidDistributedLockException.class)
				.withMessageContaining("provider = \"nope\"")
				.withMessageContaining("distlock.providers.nope");
			assertThat(context.getBean(Adapters.class).held()).as("held after the call")
				.isEqualTo(new Holds(false, false));
			interceptor.close();
		}
	}

	@Test
	void ttlNeverMakesALockThatNeverExpires() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("jobs.lock-ttl", "never")));
			context.register(TwoProvidersConfig.class);
			context.registerBean(ExpiryService.class);
			context.refresh();
			ExpiryService service = context.getBean(ExpiryService.class);
			assertThat(service.never()).isEqualTo(new Seen(Expiry.never(), RemainingTime.neverExpires()));
			assertThat(service.neverFromPlaceholder())
				.isEqualTo(new Seen(Expiry.never(), RemainingTime.neverExpires()));
			Seen byDefault = service.providerDefault();
			assertThat(byDefault.expiry()).isEqualTo(Expiry.after(Duration.ofMinutes(5)));
			assertThat(byDefault.remainingTime()).isInstanceOf(RemainingTime.ExpiresIn.class);
		}
	}

	@Test
	void renewalEnabledWithTtlNeverFailsTheStartup() {
		Throwable failure = catchThrowable(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.register(TwoProvidersConfig.class);
			context.registerBean(RenewedForever.class);
			context.refresh();
			context.close();
		});
		InvalidDistributedLockException invalid = invalid(failure);
		assertThat(invalid.getMethod()).isEqualTo(RenewedForever.class.getName() + ".run");
		assertThat(invalid.getAttribute()).isEqualTo("renewal");
		assertThat(invalid).hasMessageContaining("ttl = \"never\"");
	}

	/** Where the key {@code k} is held. */
	record Holds(boolean inDefault, boolean inJobs) {
	}

	/** What a call saw of its own lock. */
	record Seen(Expiry expiry, RemainingTime remainingTime) {

		static Seen current() {
			Lock lock = CurrentLock.get();
			return new Seen(lock.getExpiry(), lock.getRemainingTime());
		}

	}

	/** The two providers' adapters. */
	record Adapters(MemoryLockAdapter defaults, MemoryLockAdapter jobs) {

		Holds held() {
			return new Holds(this.defaults.state(KEY).isPresent(), this.jobs.state(KEY).isPresent());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	static class TwoProvidersConfig {

		@Bean
		Adapters adapters() {
			return new Adapters(new MemoryLockAdapter(), new MemoryLockAdapter());
		}

		@Bean
		@Primary
		LockProvider lockProvider(Adapters adapters) {
			return LockProvider.builder(adapters.defaults()).build();
		}

		@Bean
		@Qualifier("jobs")
		LockProvider jobsLockProvider(Adapters adapters) {
			return LockProvider.builder(adapters.jobs()).build();
		}

		@Bean
		JobsService jobsService(Adapters adapters) {
			return new JobsService(adapters);
		}

		@Bean
		DefaultService defaultService(Adapters adapters) {
			return new DefaultService(adapters);
		}

	}

	/** The two providers, with no post-processor: each test registers one. */
	@Configuration(proxyBeanMethods = false)
	static class NamedProvidersConfig {

		@Bean
		Adapters adapters() {
			return new Adapters(new MemoryLockAdapter(), new MemoryLockAdapter());
		}

		@Bean
		@Primary
		LockProvider lockProvider(Adapters adapters) {
			return LockProvider.builder(adapters.defaults()).build();
		}

		@Bean
		@Qualifier("jobs")
		LockProvider jobsLockProvider(Adapters adapters) {
			return LockProvider.builder(adapters.jobs()).build();
		}

	}

	static class JobsService {

		private final Adapters adapters;

		JobsService(Adapters adapters) {
			this.adapters = adapters;
		}

		@DistributedLock(key = "'k'", provider = "jobs")
		public Holds run() {
			return this.adapters.held();
		}

	}

	static class DefaultService {

		private final Adapters adapters;

		DefaultService(Adapters adapters) {
			this.adapters = adapters;
		}

		@DistributedLock(key = "'k'")
		public Holds run() {
			return this.adapters.held();
		}

	}

	static class NopeService {

		@DistributedLock(key = "'k'", provider = "nope")
		public void run() {
		}

	}

	static class JobsNamedService {

		private final Adapters adapters;

		JobsNamedService(Adapters adapters) {
			this.adapters = adapters;
		}

		@DistributedLock(key = "'k'", provider = "jobs")
		public boolean run() {
			return this.adapters.held().equals(new Holds(false, true));
		}

	}

	static class ExpiryService {

		@DistributedLock(key = "'never'", ttl = "never")
		public Seen never() {
			return Seen.current();
		}

		@DistributedLock(key = "'placeholder'", ttl = "${jobs.lock-ttl}")
		public Seen neverFromPlaceholder() {
			return Seen.current();
		}

		@DistributedLock(key = "'default'")
		public Seen providerDefault() {
			return Seen.current();
		}

	}

	static class RenewedForever {

		@DistributedLock(ttl = "never", renewal = Renewal.ENABLED)
		public void run() {
		}

	}

}
