package dev.distlock.spring.observation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockLostException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LocalLockEventBus;
import dev.distlock.event.LockLostEvent;
import dev.distlock.test.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Lost locks are counted by how they were found, tagged like the other meters and never with an owner. */
class LostLocksMeterBinderTests {

	private final MutableClock clock = new MutableClock();

	private final LocalLockEventBus bus = new LocalLockEventBus();

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter(this.clock))
		.eventBus(this.bus)
		.namespace("billing")
		.defaultExpiry(Expiry.after(Duration.ofSeconds(30)))
		.build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Acquires, lets the TTL pass, lets another owner take the key, and returns the first lock. */
	private Lock lostToAnotherOwner(String key) {
		Lock lock = this.provider.create(key, LockSettings.defaults().withName("invoice"));
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(31));
		this.provider.create(key).acquire();
		return lock;
	}

	@Test
	void countsEachLossByHowItWasFound() {
		new LostLocksMeterBinder(this.provider, "memory").bindTo(this.meters);

		Lock lock = this.provider.create("invoices:1", LockSettings.defaults().withName("invoice"));
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> lock.runOrFail(() -> {
			this.clock.advance(Duration.ofSeconds(31));
			this.provider.create("invoices:1").acquire();
			return "done";
		})).satisfies((ex) -> assertThat(ex.getResult()).isEqualTo("done"));
		assertThat(lostToAnotherOwner("invoices:2").refresh()).isFalse();
		assertThat(lostToAnotherOwner("invoices:3").refresh()).isFalse();

		Counter released = this.meters.get("distlock.locks.lost").tag("distlock.detection", "release").counter();
		assertThat(released.count()).isEqualTo(1);
		assertThat(this.meters.get("distlock.locks.lost").tag("distlock.detection", "refresh").counter().count())
			.isEqualTo(2);
		Meter.Id id = released.getId();
		assertThat(id.getTag("distlock.namespace")).isEqualTo("billing");
		assertThat(id.getTag("distlock.adapter")).isEqualTo("memory");
		assertThat(id.getTag("distlock.lock.name")).isEqualTo("invoice");
		assertThat(id.getTag("distlock.key")).as("keys only when asked for").isNull();
		assertThat(id.getTags()).extracting((tag) -> tag.getKey())
			.containsExactlyInAnyOrder("distlock.namespace", "distlock.adapter", "distlock.lock.name",
					"distlock.detection");
	}

	@Test
	void tagsTheKeyWhenAskedTo() {
		new LostLocksMeterBinder(this.provider, "memory", true).bindTo(this.meters);

		lostToAnotherOwner("invoices:4").release();

		assertThat(this.meters.get("distlock.locks.lost").tag("distlock.key", "invoices:4").counter().count())
			.isEqualTo(1);
	}

	@Test
	void leavesLossesOfOtherInstancesToThem() {
		new LostLocksMeterBinder(this.provider, "memory").bindTo(this.meters);
		Lock lock = this.provider.create("invoices:5");

		// As a cross-instance bus delivers another instance's event to this provider's listeners.
		this.bus.publish(new LockLostEvent(lock, "elsewhere", 1, LockLostEvent.Detection.RENEWAL));

		assertThat(this.meters.find("distlock.locks.lost").counter()).isNull();
	}

}
