package dev.distlock.spring.boot.starter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** What a user sees when the configuration is wrong: Spring Boot's failure report, with the property and the fix. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	private static void run(Class<?> application, String... args) {
		SpringApplication springApplication = new SpringApplication(application);
		springApplication.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> springApplication.run(args).close());
	}

	@Test
	void zeroTtl(CapturedOutput output) {
		run(Application.class, "--distlock.default-ttl=0s");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.default-ttl")
			.contains("Value: \"0s\"")
			.contains("ttl must be positive")
			// Spring Boot's report gives the converter's reason, which names the alternative for locks that live
			// until released.
			.containsPattern("(?s)set a positive duration.{0,100}\\bnever\\b");
	}

	@Test
	void unknownAdapter(CapturedOutput output) {
		run(Application.class, "--distlock.adapter=zookeeper");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.adapter")
			.contains("Value: \"zookeeper\"")
			// Bound through the Binder, as the condition binds it: Spring Boot's report lists the valid values.
			.contains("MEMORY")
			.contains("REDIS")
			.contains("JDBC")
			.contains("NO_OP");
	}

	@Test
	void unknownLostLockPolicy(CapturedOutput output) {
		run(Application.class, "--distlock.lost-lock-policy=ignore");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.lost-lock-policy")
			.contains("Value: \"ignore\"")
			.contains("NOTIFY")
			.contains("THROW");
	}

	@Test
	void crossInstanceEventsWithoutRedis(CapturedOutput output) {
		run(Application.class, "--distlock.events.cross-instance.enabled=true", "--distlock.adapter=memory",
				"--spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.events.cross-instance.enabled")
			.contains("Value:    true")
			.contains("no RedisConnectionFactory bean")
			.contains("set distlock.events.cross-instance.enabled to false");
	}

	@Test
	void invalidKeyExpression(CapturedOutput output) {
		run(BadKeyApplication.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Method:    " + BadKey.class.getName() + ".run")
			.contains("Attribute: key");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
	static class Application {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
	static class BadKeyApplication {

		@Bean
		BadKey badKey() {
			return new BadKey();
		}

	}

	static class BadKey {

		@DistributedLock(key = "#id +")
		public void run(String id) {
		}

	}

}
