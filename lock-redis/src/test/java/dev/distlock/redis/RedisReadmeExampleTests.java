package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

/**
 * The README's Redis example, as written there but for the host, port and namespace, so that it keeps compiling
 * and working.
 */
class RedisReadmeExampleTests {

	private final List<Integer> sent = new ArrayList<>();

	@Test
	void theReadmeExampleLocksRunsTheWorkAndReleases() {
		TestRedisEndpoint redis = TestRedis.endpoint();
		String namespaceName = "billing-lock-" + UUID.randomUUID();

		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		connectionFactory.afterPropertiesSet();

		Namespace namespace = Namespace.of(namespaceName);
		RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		LockProvider lockProvider = LockProvider.builder(adapter).namespace(namespace).build();

		lockProvider.create("invoice:42", LockSettings.defaults().withTtl(Duration.ofSeconds(30)))
			.runBlockingOrFail(() -> sendInvoice(42));

		adapter.close();

		try {
			assertThat(this.sent).containsExactly(42);
			assertThat(new StringRedisTemplate(connectionFactory).hasKey(namespace.qualify("invoice:42"))).isFalse();
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private void sendInvoice(int invoice) {
		this.sent.add(invoice);
	}

}
