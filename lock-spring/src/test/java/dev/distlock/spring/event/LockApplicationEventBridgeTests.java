package dev.distlock.spring.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The bridge publishes the event records themselves, and a failing publisher never breaks a lock call. */
class LockApplicationEventBridgeTests {

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();

	@Test
	void publishesTheEventRecords() {
		List<Object> published = new ArrayList<>();
		this.provider.addListener(new LockApplicationEventBridge(published::add));
		Lock lock = this.provider.create("orders:1");
		lock.acquire();
		lock.release();
		assertThat(published).hasExactlyElementsOfTypes(LockAcquiredEvent.class, LockReleasedEvent.class);
		assertThat(((LockAcquiredEvent) published.get(0)).lock()).isSameAs(lock);
	}

	@Test
	void aFailingListenerDoesNotBreakTheLockCall() {
		ApplicationEventPublisher failing = (event) -> {
			throw new IllegalStateException("listener failed");
		};
		this.provider.addListener(new LockApplicationEventBridge(failing));
		Lock lock = this.provider.create("orders:2");
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.isLocked()).isTrue();
		assertThat(lock.release()).isTrue();
	}

	@Test
	void catchesWhatTheListenerThrowsEvenOnABusThatDoesNotIsolate() {
		LockApplicationEventBridge bridge = new LockApplicationEventBridge((event) -> {
			throw new IllegalStateException("listener failed");
		});
		assertThatNoException()
			.isThrownBy(() -> bridge.onEvent(new LockAcquiredEvent(this.provider.create("orders:3"), "here", 1)));
	}

	@Test
	void aLostLockReachesAnEventListener() {
		MutableClock clock = new MutableClock();
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter(clock))
			.defaultExpiry(Expiry.after(Duration.ofSeconds(1)))
			.build();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				LostLockListener.class)) {
			provider.addListener(new LockApplicationEventBridge(context));
			Lock lock = provider.create("orders:4");
			lock.acquire();
			long token = lock.getFencingToken().getAsLong();
			clock.advance(Duration.ofSeconds(2));
			provider.create("orders:4").acquire();

			assertThat(lock.release()).isFalse();

			assertThat(context.getBean(LostLockListener.class).events).singleElement().satisfies((event) -> {
				assertThat(event.lock()).isSameAs(lock);
				assertThat(event.token()).isEqualTo(token);
				assertThat(event.detection()).isEqualTo(LockLostEvent.Detection.RELEASE);
				assertThat(event.origin()).isEqualTo(provider.getInstanceId());
			});
		}
	}

	static class LostLockListener {

		final List<LockLostEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(LockLostEvent event) {
			this.events.add(event);
		}

	}

}
