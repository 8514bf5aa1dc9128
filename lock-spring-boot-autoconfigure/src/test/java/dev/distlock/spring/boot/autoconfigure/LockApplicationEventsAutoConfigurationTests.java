package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.spring.event.LockApplicationEventBridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lock events reach {@code @EventListener} methods, unless switched off; a failing listener breaks nothing. */
class LockApplicationEventsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
				LockApplicationEventsAutoConfiguration.class))
		.withBean(Listeners.class);

	@Test
	void eventListenersReceiveTheEventRecords() {
		this.runner.run((context) -> {
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:1");
			lock.acquire();
			provider.create("orders:1").acquire();
			lock.release();

			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.all).hasExactlyElementsOfTypes(LockAcquiredEvent.class, LockUnavailableEvent.class,
					LockReleasedEvent.class);
			assertThat(listeners.acquired).singleElement()
				.satisfies((event) -> assertThat(event.lock()).isSameAs(lock));
		});
	}

	@Test
	void theNamedProvidersEventsReachTheListenersTooEachTellingItsNamespace() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory").run((context) -> {
			Lock lock = context.getBean("jobsLockProvider", LockProvider.class).create("nightly");
			lock.acquire();
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.acquired).singleElement()
				.satisfies((event) -> assertThat(event.lock().toHandle().namespace()).isEqualTo("jobs"));
		});
	}

	@Test
	void aLostLockReachesItsEventListener() {
		this.runner.withPropertyValues("distlock.default-ttl=100ms").run((context) -> {
			LockProvider provider = context.getBean(LockProvider.class);
			Lock lock = provider.create("orders:4");
			assertThat(lock.acquire()).isTrue();
			long token = lock.getFencingToken().getAsLong();
			await().atMost(Duration.ofSeconds(5)).until(() -> provider.create("orders:4").acquire());

			assertThat(lock.release()).isFalse();

			assertThat(context.getBean(Listeners.class).lost).singleElement().satisfies((event) -> {
				assertThat(event.lock()).isSameAs(lock);
				assertThat(event.token()).isEqualTo(token);
				assertThat(event.detection()).isEqualTo(LockLostEvent.Detection.RELEASE);
			});
		});
	}

	@Test
	void aThrowingListenerDoesNotBreakTheLockCall() {
		this.runner.withBean(ThrowingListener.class).run((context) -> {
			Lock lock = context.getBean(LockProvider.class).create("orders:2");
			assertThat(lock.acquire()).isTrue();
			assertThat(lock.release()).isTrue();
			assertThat(context.getBean(ThrowingListener.class).calls).isEqualTo(1);
			assertThat(context.getBean(Listeners.class).all).hasSize(2);
		});
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("distlock.events.application-events.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LockApplicationEventBridge.class);
			context.getBean(LockProvider.class).create("orders:3").acquire();
			assertThat(context.getBean(Listeners.class).all).isEmpty();
		});
	}

	static class Listeners {

		final List<LockEvent> all = new CopyOnWriteArrayList<>();

		final List<LockAcquiredEvent> acquired = new CopyOnWriteArrayList<>();

		final List<LockLostEvent> lost = new CopyOnWriteArrayList<>();

		@EventListener
		void on(LockEvent event) {
			this.all.add(event);
		}

		@EventListener
		void onAcquired(LockAcquiredEvent event) {
			this.acquired.add(event);
		}

		@EventListener
		void onLost(LockLostEvent event) {
			this.lost.add(event);
		}

	}

	static class ThrowingListener {

		int calls;

		@EventListener
		void on(LockAcquiredEvent event) {
			this.calls++;
			throw new IllegalStateException("listener failed");
		}

	}

}
