package dev.distlock.sample;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.distlock.test.redis.TestRedis;

/**
 * {@link OwnerLeakCheck} with the {@code redis} profile, lock events crossing to other instances on a Redis channel:
 * what the adapter, its release channel and the event bus log must name no owner either.
 */
@ActiveProfiles("redis")
class OwnersNeverLeaveTheSampleOnRedisTests extends OwnerLeakCheck {

	// Random per run: the Redis is shared with other test runs.
	private static final String RUN = UUID.randomUUID().toString();

	@Autowired
	private StringRedisTemplate redis;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> TestRedis.endpoint().url());
		registry.add("distlock.namespace", () -> "sample-leak-" + RUN);
		registry.add("distlock.events.cross-instance.enabled", () -> "true");
		registry.add("sample.bookings.key-prefix", () -> "sample:leak:" + RUN);
	}

	@AfterEach
	void deleteTheBookings() {
		this.redis.delete("sample:leak:" + RUN + ":" + show());
	}

}
