package dev.distlock.spring.boot.starter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.distlock.Lock;
import dev.distlock.LockListenable;
import dev.distlock.LockProvider;
import dev.distlock.OwnerFingerprint;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.redis.RedisLockEventBus;
import dev.distlock.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code distlock.events.cross-instance.enabled=true} in two instances on a real Redis: listeners in one, lock event
 * listeners on the {@link LockListenable} bean and {@code @EventListener} methods alike, hear the other's lock events,
 * marked with the other's instance id.
 */
class CrossInstanceEventsTests {

	private static TwoInstances instances;

	@BeforeAll
	static void startInstances() {
		instances = new TwoInstances(TestRedis.endpoint(), "distlock.events.cross-instance.enabled=true");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> instances.a.getBean(RedisLockEventBus.class).isSubscribed()
					&& instances.b.getBean(RedisLockEventBus.class).isSubscribed());
	}

	@AfterAll
	static void stopInstances() {
		if (instances != null) {
			instances.close();
		}
	}

	@Test
	void aListenerInOneInstanceHearsTheOthersEventsWithItsOrigin() {
		String originA = instances.a.getBean(LockProvider.class).getInstanceId();
		String originB = instances.b.getBean(LockProvider.class).getInstanceId();
		assertThat(originA).matches("orders-[0-9a-f]{8}").isNotEqualTo(originB);
		List<LockAcquiredEvent> heardByB = new CopyOnWriteArrayList<>();
		instances.b.getBean(LockListenable.class).addListener(LockAcquiredEvent.class, heardByB::add);

		Lock lock = instances.a.getBean(LockProvider.class).create("invoice:7");
		assertThat(lock.acquire()).isTrue();
		lock.release();

		await().atMost(Duration.ofSeconds(10)).until(() -> !heardByB.isEmpty());
		assertThat(heardByB).singleElement().satisfies((event) -> {
			assertThat(event.origin()).isEqualTo(originA);
			assertThat(event.lock().getKey()).isEqualTo("invoice:7");
			// Owners are credentials: by default only their fingerprints travel.
			assertThat(event.lock().getOwner()).isEqualTo(OwnerFingerprint.of(lock.getOwner()));
			assertThat(event.lock().getOwnerFingerprint()).isEqualTo(lock.getOwnerFingerprint());
		});
	}

	@Test
	void anEventListenerInOneInstanceHearsTheOthersEventsWithItsOrigin() {
		String originA = instances.a.getBean(LockProvider.class).getInstanceId();
		String originB = instances.b.getBean(LockProvider.class).getInstanceId();
		List<LockAcquiredEvent> heardByB = instances.b.getBean(TwoInstances.AcquiredEvents.class).heard;

		Lock lock = instances.a.getBean(LockProvider.class).create("invoice:10");
		assertThat(lock.acquire()).isTrue();
		lock.release();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> heardByB.stream().anyMatch((event) -> event.lock().getKey().equals("invoice:10")));
		assertThat(heardByB).filteredOn((event) -> event.lock().getKey().equals("invoice:10"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.origin()).isEqualTo(originA).isNotEqualTo(originB);
				assertThat(event.lock().getOwnerFingerprint()).isEqualTo(lock.getOwnerFingerprint());
			});
	}

	@Test
	void eventsOfAnotherNamespaceNeverArrive() {
		List<LockEvent> heardByB = new CopyOnWriteArrayList<>();
		instances.b.getBean(LockListenable.class).addListener(heardByB::add);
		var other = instances.start(TestRedis.endpoint(), "distlock.events.cross-instance.enabled=true",
				"distlock.namespace=" + instances.namespace + "-other");
		await().atMost(Duration.ofSeconds(10)).until(() -> other.getBean(RedisLockEventBus.class).isSubscribed());

		assertThat(other.getBean(LockProvider.class).create("invoice:8").acquire()).isTrue();
		// A's event, fired after the other namespace's. Pub/sub orders nothing across channels, so this shows
		// isolation as far as the other event was out first; RedisLockEventBusTests prove it exactly.
		assertThat(instances.a.getBean(LockProvider.class).create("invoice:9").acquire()).isTrue();

		await().atMost(Duration.ofSeconds(10)).until(() -> !heardByB.isEmpty());
		assertThat(heardByB).extracting((event) -> event.lock().getKey()).containsExactly("invoice:9");
	}

}
