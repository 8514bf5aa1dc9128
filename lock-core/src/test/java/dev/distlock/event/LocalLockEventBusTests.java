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
		this.bus.publish(new LockAcquiredEvent(this.lock));
		this.bus.publish(new LockReleasedEvent(this.lock));
		assertThat(all).hasSize(2);
		assertThat(released).singleElement().isEqualTo(new LockReleasedEvent(this.lock));
	}

	@Test
	void aFailingListenerIsSkippedAndTheOthersStillReceive() {
		List<LockEvent> received = new ArrayList<>();
		this.bus.addListener(LockEvent.class, (event) -> {
			throw new AssertionError("listener bug");
		});
		this.bus.addListener(LockEvent.class, received::add);
		this.bus.publish(new LockAcquiredEvent(this.lock));
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
		this.bus.publish(new LockAcquiredEvent(this.lock));
		assertThat(received).hasSize(1);
	}

	@Test
	void nullArgumentsAreRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.bus.addListener(null, (event) -> {
		})).withMessageContaining("eventType");
		assertThatIllegalArgumentException().isThrownBy(() -> this.bus.addListener(LockEvent.class, null))
			.withMessageContaining("listener");
	}

}
