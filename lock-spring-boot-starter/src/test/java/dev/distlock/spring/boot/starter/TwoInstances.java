package dev.distlock.spring.boot.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.test.redis.TestRedisEndpoint;

/**
 * Two instances of one application on one Redis, as two JVMs would be: each a Spring Boot application of its own,
 * with its own connection factory, adapter and provider, on a namespace random per run.
 */
final class TwoInstances implements AutoCloseable {

	final String namespace = "distlock-two-" + UUID.randomUUID();

	final ConfigurableApplicationContext a;

	final ConfigurableApplicationContext b;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	TwoInstances(TestRedisEndpoint redis, String... properties) {
		this.a = start(redis, properties);
		this.b = start(redis, properties);
	}

	ConfigurableApplicationContext start(TestRedisEndpoint redis, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.data.redis.url=" + redis.url(),
				"spring.data.redis.timeout=5s", "distlock.namespace=" + this.namespace, "spring.application.name=orders"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
		this.started.add(context);
		return context;
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(AcquiredEvents.class)
	static class Application {

	}

	/** An application's own {@code @EventListener}: what it hears of lock acquisitions, wherever they happened. */
	static class AcquiredEvents {

		final List<LockAcquiredEvent> heard = new CopyOnWriteArrayList<>();

		@EventListener
		void on(LockAcquiredEvent event) {
			this.heard.add(event);
		}

	}

}
