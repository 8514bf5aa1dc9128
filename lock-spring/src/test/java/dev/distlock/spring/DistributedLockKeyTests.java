package dev.distlock.spring;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import dev.distlock.Expiry;
import dev.distlock.LockProvider;
import dev.distlock.spring.LockTestConfiguration.LockEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How {@code @DistributedLock} builds keys and lock settings, and that the lock is held exactly while the method runs. */
class DistributedLockKeyTests {

	private AnnotationConfigApplicationContext context;

	private KeyService service;

	private LockEvents events;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("orders.lock-ttl", "45s")));
		this.context.register(Config.class);
		this.context.refresh();
		this.service = this.context.getBean(KeyService.class);
		this.events = this.context.getBean(LockEvents.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void keyReadsParametersByName() {
		assertThat(this.service.ship(new Order("42"))).as("held inside the method").isTrue();
		assertThat(this.events.acquiredKeys()).containsExactly("orders:42");
		assertThat(this.events.releasedKeys()).containsExactly("orders:42");
		assertThat(this.events.lastAcquired().lock().getName()).contains(KeyService.class.getName() + ".ship");
		assertThat(this.service.isLocked("orders:42")).as("held after the method").isFalse();
	}

	@Test
	void keyReadsParametersByPosition() {
		this.service.byPosition("a", "b");
		assertThat(this.events.acquiredKeys()).containsExactly("a:b");
	}

	@Test
	void keyReadsRootObject() {
		this.service.fromRoot();
		assertThat(this.events.acquiredKeys()).containsExactly("fromRoot@KeyService");
	}

	@Test
	void keyReadsBeans() {
		this.service.fromBean(7);
		assertThat(this.events.acquiredKeys()).containsExactly("tenant-a:7");
	}

	@Test
	void noKeyLocksTheMethod() {
		assertThat(this.service.noKey()).isTrue();
		assertThat(this.events.acquiredKeys()).containsExactly(KeyService.class.getName() + ".noKey");
	}

	@Test
	void keyEvaluatingToNullFailsTheCallNamingMethodAndExpression() {
		assertThatExceptionOfType(InvalidDistributedLockException.class)
			.isThrownBy(() -> this.service.ship(new Order(null)))
			.withMessageContaining("#order.id == null ? null : 'orders:' + #order.id")
			.withMessageContaining(KeyService.class.getName() + ".ship")
			.withMessageContaining("evaluated to null");
	}

	@Test
	void keyEvaluatingToBlankFailsTheCall() {
		assertThatExceptionOfType(InvalidDistributedLockException.class)
			.isThrownBy(() -> this.service.byPosition(" ", null))
			.withMessageContaining("#p0")
			.withMessageContaining(KeyService.class.getName() + ".byPosition")
			.withMessageContaining("blank");
		assertThat(this.events.acquiredKeys()).isEmpty();
	}

	@Test
	void ttlAttributeSetsTheLocksTtl() {
		this.service.withTtl();
		assertThat(this.events.lastAcquired().lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
	}

	@Test
	void ttlAttributeResolvesPlaceholders() {
		this.service.withPlaceholderTtl();
		assertThat(this.events.lastAcquired().lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(45)));
	}

	@Test
	void neverTtlMakesALockWithoutExpiry() {
		this.service.withNoExpiry();
		assertThat(this.events.lastAcquired().lock().getExpiry()).isEqualTo(Expiry.never());
	}

	@Test
	void noTtlAttributeUsesTheProvidersDefault() {
		this.service.noKey();
		assertThat(this.events.lastAcquired().lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofMinutes(5)));
	}

	record Order(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		KeyService keyService(LockProvider lockProvider) {
			return new KeyService(lockProvider);
		}

		@Bean
		String tenant() {
			return "tenant-a";
		}

	}

	static class KeyService {

		private final LockProvider lockProvider;

		KeyService(LockProvider lockProvider) {
			this.lockProvider = lockProvider;
		}

		public boolean isLocked(String key) {
			return this.lockProvider.create(key).isLocked();
		}

		@DistributedLock(key = "#order.id == null ? null : 'orders:' + #order.id")
		public boolean ship(Order order) {
			return isLocked("orders:" + order.id());
		}

		@DistributedLock(key = "#p0 + (#a1 == null ? '' : ':' + #a1)")
		public void byPosition(String first, String second) {
		}

		@DistributedLock(key = "#root.methodName + '@' + #root.targetClass.simpleName")
		public void fromRoot() {
		}

		@DistributedLock(key = "@tenant + ':' + #id")
		public void fromBean(int id) {
		}

		@DistributedLock
		public boolean noKey() {
			return isLocked(KeyService.class.getName() + ".noKey");
		}

		@DistributedLock(ttl = "30s")
		public void withTtl() {
		}

		@DistributedLock(ttl = "${orders.lock-ttl}")
		public void withPlaceholderTtl() {
		}

		@DistributedLock(ttl = "never")
		public void withNoExpiry() {
		}

	}

}
