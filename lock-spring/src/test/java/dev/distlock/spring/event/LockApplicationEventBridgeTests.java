package dev.distlock.spring.event;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockReleasedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The bridge publishes the event records themselves, and a failing publisher never breaks a lock call. */
class LockApplicationEventBridgeTests {

	private final DefaultLockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();

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
			.isThrownBy(() -> bridge.onEvent(new LockAcquiredEvent(this.provider.create("orders:3"), "here")));
	}

}
