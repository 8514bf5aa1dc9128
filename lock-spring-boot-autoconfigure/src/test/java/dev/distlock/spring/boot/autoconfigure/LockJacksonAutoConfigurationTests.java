package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.spring.jackson.LockJacksonModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Jackson module, registered with the application's {@code JsonMapper} by Spring Boot's Jackson support. */
class LockJacksonAutoConfigurationTests {

	record ShipOrder(String orderId, Lock lock) {
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DistributedLockAutoConfiguration.class))
		.withPropertyValues("distlock.adapter=memory", "distlock.namespace=shipping");

	@Test
	void aLockInAnyPayloadRoundTripsThroughTheApplicationsJsonMapper() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LockJacksonModule.class);
			JsonMapper jsonMapper = context.getBean(JsonMapper.class);
			Lock lock = context.getBean(LockProvider.class)
				.create("orders:42", LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofSeconds(30)));
			assertThat(lock.acquire()).isTrue();

			String json = jsonMapper.writeValueAsString(new ShipOrder("42", lock));
			assertThat(json).isEqualTo("{\"orderId\":\"42\",\"lock\":{\"namespace\":\"shipping\",\"key\":\"orders:42\","
					+ "\"owner\":\"web-1\",\"ttl\":\"PT30S\",\"token\":" + lock.getFencingToken().getAsLong() + "}}");
			ShipOrder read = jsonMapper.readValue(json, ShipOrder.class);

			assertThat(read.lock()).isNotSameAs(lock);
			assertThat(read.lock().getFencingToken()).isEqualTo(lock.getFencingToken());
			assertThat(read.lock().release()).isTrue();
			assertThat(lock.isExpired()).isTrue();
		});
	}

	@Test
	void aLockReadGoesBackToTheProviderOfItsNamespace() {
		this.runner.withPropertyValues("distlock.providers.jobs.adapter=memory").run((context) -> {
			JsonMapper jsonMapper = context.getBean(JsonMapper.class);
			LockProvider jobs = context.getBean("jobsLockProvider", LockProvider.class);
			Lock lock = jobs.create("orders:42");
			assertThat(lock.acquire()).isTrue();
			ShipOrder read = jsonMapper.readValue(jsonMapper.writeValueAsString(new ShipOrder("42", lock)),
					ShipOrder.class);
			// The jobs provider's adapter holds it, the default one's does not: released only by the right one.
			assertThat(context.getBean(LockProvider.class).create("orders:42").isExpired()).isTrue();
			assertThat(read.lock().release()).isTrue();
			assertThat(lock.isExpired()).isTrue();
			assertThatThrownBy(() -> jsonMapper
				.readValue("{\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}", Lock.class))
				.isInstanceOf(MismatchedInputException.class)
				.hasMessageContaining("field 'namespace' is 'billing'")
				.hasMessageContaining("'shipping', 'jobs'");
		});
	}

	@Test
	void aLockOfAnotherNamespaceIsRefused() {
		this.runner.run((context) -> assertThatThrownBy(() -> context.getBean(JsonMapper.class)
			.readValue("{\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}", Lock.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("field 'namespace' is 'billing'"));
	}

	@Test
	void backsOffWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JacksonModule.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LockProvider.class)
				.doesNotHaveBean(LockJacksonModule.class));
	}

	@Test
	void usersModuleWins() {
		this.runner.withBean("myLockModule", LockJacksonModule.class, () -> new LockJacksonModule(() -> {
			throw new IllegalStateException("not used here");
		})).run((context) -> assertThat(context).getBeanNames(LockJacksonModule.class).containsExactly("myLockModule"));
	}

}
