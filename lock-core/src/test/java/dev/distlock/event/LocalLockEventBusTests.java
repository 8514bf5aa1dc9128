package dev.distlock.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.NoOpLockAdapter;

/**
 * Event delivery by type, isolation of failing listeners, and removal.
 */
class LocalLockEventBusTests {

	private final LocalLockEventBus bus = new LocalLockEventBus();

	private final Lock lock = LockProvider.builder(new NoOpLockAdapter()).build().create("k");

	@Test
	void listenersReceiveTheirTypeAndItsSubtypesOnly() {
		List<LockEvent> all = new ArrayList<>();
		List<LockReleasedEvent> released = new ArrayList<>();
		this.bus.addListener(LockEvent.class, all::add);
		this.bus.addListener(LockReleasedEvent.class, released::add);
		this.bus.publish(new LockAcquiredEvent(this.lock, "here", 1));
		this.bus.publish(new LockReleasedEvent(this.lock, "here", 1));
		assertThat(all).hasSize(2);
		assertThat(released).singleElement().isEqualTo(new LockReleasedEvent(this.lock, "here", 1));
	}

	@Test
	void aFailingListenerIsSkippedAndTheOthersStillReceive() {
		List<LockEvent> received = new ArrayList<>();
		this.bus.addListener(LockEvent.class, (event) -> {
			throw new AssertionError("listener bug");
		});
		this.bus.addListener(LockEvent.class, received::add);
		this.bus.publish(new LockAcquiredEvent(this.lock, "here", 1));
		assertThat(received).hasSize(1);
	}

	@Test
	void removeListenerRemovesOneRegistrationOfThatTypeAndListener() {
		List<LockEvent> received = new ArrayList<>();
		LockEventListener<LockEvent> listener = received::add;
		this.bus.addListener(LockEvent.class, listener);
		this.bus.addListener(LockEvent.class, listener);
		this.bus.removeListener(LockAcquiredEvent.class, listener);
		this.bus.removeListener(LockEvent.class, listener);
		this.bus.publish(new LockAcquiredEvent(this.lock, "here", 1));
		assertThat(received).hasSize(1);
	}

	@Test
	void nullArgumentsAreRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.bus.addListener(null, (event) -> {
		})).withMessageContaining("eventType");
		assertThatIllegalArgumentException().isThrownBy(() -> this.bus.addListener(LockEvent.class, null))
			.withMessageContaining("listener");
	}

	@Test
	void aProviderBindsItselfToItsBusOnce() {
		List<LockProvider> bound = new ArrayList<>();
		LockEventBus bus = new LockEventBus() {

			private final LocalLockEventBus local = new LocalLockEventBus();

			@Override
			public void publish(LockEvent event) {
				this.local.publish(event);
			}

			@Override
			public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
				this.local.addListener(eventType, listener);
			}

			@Override
			public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
				this.local.removeListener(eventType, listener);
			}

			@Override
			public void bind(LockProvider provider) {
				bound.add(provider);
			}

		};
		LockProvider provider = LockProvider.builder(new NoOpLockAdapter()).eventBus(bus).instanceId("instance-1").build();
		assertThat(bound).containsExactly(provider);
		assertThat(provider.getInstanceId()).isEqualTo("instance-1");
	}

}
