package dev.distlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.distlock.LockBackendException;
import dev.distlock.test.InstrumentedLockAdapter;

/**
 * When the work fails and the release fails too, the caller sees the work's own failure, with the release failure
 * suppressed, on every return type; and a class-level lock leaves toString and non-public methods alone.
 */
class DistributedLockFailureTests {

	private AnnotationConfigApplicationContext context;

	private InstrumentedLockAdapter adapter;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.adapter = this.context.getBean(InstrumentedLockAdapter.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void aCompletionStageMethodsOwnExceptionIsNotReplacedByAFailedRelease() {
		this.adapter.failReleasesWith(new IllegalStateException("redis down"));
		assertThatThrownBy(() -> this.context.getBean(Exports.class).export()).isInstanceOf(IllegalStateException.class)
			.hasMessage("work failed")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isInstanceOf(LockBackendException.class));
	}

	@Test
	void aMonosErrorReachesTheSubscriberUnchangedWhenTheReleaseFailsToo() {
		this.adapter.failReleasesWith(new IllegalStateException("redis down"));
		StepVerifier.create(this.context.getBean(Feeds.class).refresh())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessage("work failed")
				.satisfies((error) -> assertThat(error.getSuppressed()).singleElement()
					.isInstanceOf(LockBackendException.class)))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aClassLevelLockLocksPublicMethodsButNotToStringOrEquals() {
		Orders orders = this.context.getBean(Orders.class);
		int before = this.adapter.acquireCalls();
		assertThat(orders.toString()).isEqualTo("Orders");
		assertThat(orders.equals(orders)).isTrue();
		orders.hashCode();
		assertThat(this.adapter.acquireCalls()).isEqualTo(before);
		orders.ship("42");
		assertThat(this.adapter.acquireCalls()).isEqualTo(before + 1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		Feeds feeds() {
			return new Feeds();
		}

		@Bean
		Exports exports() {
			return new Exports();
		}

	}

	@DistributedLock(key = "'orders:' + #p0")
	static class Orders {

		public void ship(String id) {
		}

		@Override
		public String toString() {
			return "Orders";
		}

	}

	static class Feeds {

		@DistributedLock(key = "'feed'")
		public Mono<String> refresh() {
			return Mono.error(new IllegalStateException("work failed"));
		}

	}

	static class Exports {

		@DistributedLock(key = "'export'")
		public CompletableFuture<String> export() {
			throw new IllegalStateException("work failed");
		}

	}

}
