package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
