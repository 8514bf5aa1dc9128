package dev.distlock.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import dev.distlock.Expiry;
import dev.distlock.LockListenable;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.spring.LockTestConfiguration.LockEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the annotation may sit, which proxies carry it, and where the lock goes among other advisors. */
class DistributedLockProxyTests {

	@Test
	void interfaceBasedProxyWithTheAnnotationOnTheInterface() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(JdkConfig.class)) {
			Shipping shipping = context.getBean(Shipping.class);
			assertThat(AopUtils.isJdkDynamicProxy(shipping)).isTrue();
			shipping.ship("7");
			shipping.cancel("7");
			assertThat(context.getBean(LockEvents.class).acquiredKeys()).containsExactly("ship:7", "cancel:7");
		}
	}

	@Test
	void classBasedProxy() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(CglibConfig.class)) {
			Shipping shipping = context.getBean(Shipping.class);
			assertThat(AopUtils.isCglibProxy(shipping)).isTrue();
			shipping.ship("7");
			shipping.cancel("7");
			assertThat(context.getBean(LockEvents.class).acquiredKeys()).containsExactly("ship:7", "cancel:7");
		}
	}

	@Test
	void classLevelAnnotationLocksEveryMethodButObjectMethods() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				ClassLevelConfig.class)) {
			ClassLevel bean = context.getBean(ClassLevel.class);
			bean.first();
			bean.second();
			bean.toString();
			bean.hashCode();
			assertThat(context.getBean(LockEvents.class).acquiredKeys())
				.containsExactly(ClassLevel.class.getName() + ".first", ClassLevel.class.getName() + ".second");
		}
	}

	@Test
	void metaAnnotation() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(MetaConfig.class)) {
			context.getBean(Orders.class).update(12);
			assertThat(context.getBean(LockEvents.class).acquiredKeys()).containsExactly("orders:12");
			assertThat(context.getBean(LockEvents.class).lastAcquired().lock().getExpiry())
				.isEqualTo(Expiry.after(Duration.ofSeconds(20)));
		}
	}

	@Test
	void byDefaultTheLockWrapsAnAdvisorOfLowestPrecedenceAlreadyOnTheProxy() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				ExistingProxyConfig.class)) {
			context.getBean(Orders.class).update(1);
			assertThat(context.getBean(Calls.class).calls).containsExactly("acquired", "other-in", "other-out",
					"released");
		}
	}

	@Test
	void advisorOrderPutsTheLockInsideTheOtherAdvisor() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				InnerLockConfig.class)) {
			context.getBean(Orders.class).update(1);
			assertThat(context.getBean(Calls.class).calls).containsExactly("other-in", "acquired", "released",
					"other-out");
		}
	}

	public interface Shipping {

		@DistributedLock(key = "'ship:' + #id")
		void ship(String id);

		void cancel(String id);

	}

	static class DefaultShipping implements Shipping {

		@Override
		public void ship(String id) {
		}

		@Override
		@DistributedLock(key = "'cancel:' + #id")
		public void cancel(String id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class JdkConfig {

		@Bean
		Shipping shipping() {
			return new DefaultShipping();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	@Import(LockTestConfiguration.class)
	static class CglibConfig {

		@Bean
		Shipping shipping() {
			return new DefaultShipping();
		}

	}

	@DistributedLock
	static class ClassLevel {

		public void first() {
		}

		public void second() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class ClassLevelConfig {

		@Bean
		ClassLevel classLevel() {
			return new ClassLevel();
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@DistributedLock(key = "'orders:' + #orderId", ttl = "20s")
	@interface OrderLock {

	}

	static class Orders {

		@OrderLock
		public void update(int orderId) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class MetaConfig {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Calls {

		final List<String> calls = new CopyOnWriteArrayList<>();

	}

	/** Another advisor of lowest precedence, applied by an auto-proxy creator, like the transaction advisor. */
	@Configuration(proxyBeanMethods = false)
	@Import(LockTestConfiguration.class)
	static class OtherAdvisorConfig {

		@Bean
		static DefaultAdvisorAutoProxyCreator autoProxyCreator() {
			DefaultAdvisorAutoProxyCreator creator = new DefaultAdvisorAutoProxyCreator();
			creator.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return creator;
		}

		@Bean
		static Calls calls() {
			return new Calls();
		}

		@Bean
		static DefaultPointcutAdvisor otherAdvisor(Calls calls) {
			MethodInterceptor interceptor = (invocation) -> {
				calls.calls.add("other-in");
				try {
					return invocation.proceed();
				}
				finally {
					calls.calls.add("other-out");
				}
			};
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
					new AnnotationMatchingPointcut(null, OrderLock.class, true), interceptor);
			advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
			return advisor;
		}

		@Bean
		Orders orders(LockListenable locks, Calls calls) {
			locks.addListener(LockAcquiredEvent.class, (event) -> calls.calls.add("acquired"));
			locks.addListener(LockReleasedEvent.class, (event) -> calls.calls.add("released"));
			return new Orders();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(OtherAdvisorConfig.class)
	static class ExistingProxyConfig {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(order = Ordered.LOWEST_PRECEDENCE)
	@Import(OtherAdvisorConfig.class)
	static class InnerLockConfig {

	}

}
