package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Namespace;

/**
 * The adapter's options and its argument checks, which need no Redis.
 */
class RedisLockAdapterSettingsTests {

	@Test
	void theReleaseChannelIsOnePerNamespace() {
		assertThat(RedisLockAdapterSettings.defaults().releaseChannel()).isEqualTo("distlock:released:lock");
		assertThat(RedisLockAdapterSettings.forNamespace(Namespace.of(List.of("billing", "lock"))).releaseChannel())
			.isEqualTo("distlock:released:billing:lock");
		assertThat(RedisLockAdapterSettings.forNamespace(Namespace.of("orders").withDelimiter("/")).releaseChannel())
			.isEqualTo("distlock:released:orders");
		assertThat(RedisLockAdapterSettings.defaults().withReleaseChannel("mine").releaseChannel()).isEqualTo("mine");
	}

	@Test
	void theCommandTimeoutIsTwoSecondsUnlessChosenAndSurvivesOtherChanges() {
		assertThat(RedisLockAdapterSettings.defaults().commandTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(new RedisLockAdapterSettings("mine").commandTimeout()).isEqualTo(Duration.ofSeconds(2));
		RedisLockAdapterSettings fast = RedisLockAdapterSettings.defaults().withCommandTimeout(Duration.ofMillis(250));
		assertThat(fast.commandTimeout()).isEqualTo(Duration.ofMillis(250));
		assertThat(fast.withReleaseChannel("mine")).isEqualTo(new RedisLockAdapterSettings("mine", Duration.ofMillis(250)));
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
	void badSettingsThrowIllegalArgumentExceptionNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisLockAdapterSettings(" "))
			.withMessageContaining("releaseChannel");
		assertThatIllegalArgumentException().isThrownBy(() -> RedisLockAdapterSettings.defaults().withReleaseChannel(null))
			.withMessageContaining("releaseChannel");
		assertThatIllegalArgumentException().isThrownBy(() -> RedisLockAdapterSettings.forNamespace(null))
			.withMessageContaining("namespace");
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
