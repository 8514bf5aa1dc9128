package dev.distlock.spring.boot.starter;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.RemainingTime;
import dev.distlock.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lock acquired in one instance travels as a field of a payload, written and read by each application's own
 * {@code JsonMapper}, and is released in the other instance, on a real Redis.
 */
class LockTransferTests {

	record ShipOrder(String orderId, Lock lock) {
	}

	private static TwoInstances instances;

	@BeforeAll
	static void startInstances() {
		instances = new TwoInstances(TestRedis.endpoint());
	}

	@AfterAll
	static void stopInstances() {
		if (instances != null) {
			instances.close();
		}
	}

	@Test
	void aLockAcquiredInOneInstanceIsReleasedInTheOther() {
		Lock lock = provider("a").create("orders:42", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();

		String json = json("a").writeValueAsString(new ShipOrder("42", lock));
		ShipOrder received = json("b").readValue(json, ShipOrder.class);

		assertThat(received.orderId()).isEqualTo("42");
		assertThat(received.lock().getOwner()).isEqualTo(lock.getOwner());
		assertThat(received.lock().getFencingToken()).as("the hold travels with its token")
			.isEqualTo(lock.getFencingToken())
			.isPresent();
		assertThat(received.lock().getRemainingTime()).as("B sees the lock as its own")
			.isInstanceOf(RemainingTime.ExpiresIn.class);
		String stored = instances.namespace + ":_rt:orders:42";
		assertThat(redis().hasKey(stored)).as("the key as Redis stores it, held").isTrue();
		assertThat(received.lock().release()).isTrue();
		assertThat(redis().hasKey(stored)).as("the key is free in Redis").isFalse();
		assertThat(lock.isExpired()).isTrue();
	}

	@Test
	void aTamperedHandleCannotReleaseSomeoneElsesLock() {
		Lock lock = provider("a").create("orders:43", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		try {
			String json = json("a").writeValueAsString(new ShipOrder("43", lock))
				.replace(lock.getOwner(), "someone-else");

			ShipOrder forged = json("b").readValue(json, ShipOrder.class);

			assertThat(forged.lock().release()).isFalse();
			// Read through the backend, not the key's storage format: still the sender's hold, with its token.
			assertThat(lock.getState()).as("still the sender's")
				.isInstanceOfSatisfying(LockState.Acquired.class,
						(acquired) -> assertThat(acquired.token()).isEqualTo(lock.getFencingToken().getAsLong()));
		}
		finally {
			lock.release();
		}
	}

	@Test
	void aLockOfAnotherNamespaceFailsClearly() {
		String json = "{\"orderId\":\"44\",\"lock\":{\"namespace\":\"billing\",\"key\":\"orders:44\",\"owner\":\"o\","
				+ "\"ttl\":\"PT1M\"}}";

		assertThatThrownBy(() -> json("b").readValue(json, ShipOrder.class))
			.isInstanceOf(MismatchedInputException.class)
			// The application's namespace is quoted as a short prefix only, like every value in these messages.
			.hasMessageContaining("Invalid lock handle: field 'namespace' is 'billing', but this application's locks "
					+ "are in namespace '" + instances.namespace.substring(0, Math.min(instances.namespace.length(), 16)));
	}

	private static LockProvider provider(String instance) {
		return context(instance).getBean(LockProvider.class);
	}

	// The application's own mapper, as Spring Boot configured it: the starter added the lock module to it.
	private static JsonMapper json(String instance) {
		return context(instance).getBean(JsonMapper.class);
	}

	private static StringRedisTemplate redis() {
		return instances.a.getBean(StringRedisTemplate.class);
	}

	private static ConfigurableApplicationContext context(String instance) {
		return "a".equals(instance) ? instances.a : instances.b;
	}

}
