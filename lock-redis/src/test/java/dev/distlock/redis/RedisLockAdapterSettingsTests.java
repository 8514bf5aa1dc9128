package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The adapter's options and its argument checks, which need no Redis.
 */
class RedisLockAdapterSettingsTests {

	@Test
	void theCommandTimeoutIsTwoSecondsUnlessChosen() {
		assertThat(RedisLockAdapterSettings.defaults().commandTimeout()).isEqualTo(Duration.ofSeconds(2));
		RedisLockAdapterSettings fast = RedisLockAdapterSettings.defaults().withCommandTimeout(Duration.ofMillis(250));
		assertThat(fast).isEqualTo(new RedisLockAdapterSettings(Duration.ofMillis(250)));
		assertThat(fast.withCommandTimeout(Duration.ofDays(1)).commandTimeout()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void aCommandTimeoutMustBePositiveAndAtMostADay() {
		RedisLockAdapterSettings settings = RedisLockAdapterSettings.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withCommandTimeout(null))
			.withMessage("commandTimeout must be positive, was null");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withCommandTimeout(Duration.ZERO))
			.withMessage("commandTimeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withCommandTimeout(Duration.ofMillis(-1)))
			.withMessageContaining("commandTimeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings.withCommandTimeout(Duration.ofDays(1).plusNanos(1)))
			.withMessageContaining("commandTimeout must be at most a day");
	}

	@Test
	void theAdapterRejectsMissingArgumentsNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisLockAdapter(null))
			.withMessageContaining("connectionFactory");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisLockAdapter(new LettuceConnectionFactory(), null))
			.withMessageContaining("settings");
	}

}
