package dev.distlock.spring.boot.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.redis.RedisLockAdapterSettings;
import dev.distlock.spring.DistributedLockBeanPostProcessor;

/** The generated metadata IDEs complete {@code distlock.*} from: every property, described, with its default. */
class DistlockPropertiesMetadataTests {

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws Exception {
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<String, Object> metadata = JsonMapper.builder().build().readValue(json, Map.class);
			return ((List<Map<String, Object>>) metadata.get("properties")).stream()
				.filter((property) -> ((String) property.get("name")).startsWith("distlock."))
				.toList();
		}
	}

	@Test
	void everyPropertyIsThere() throws Exception {
		assertThat(properties()).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("distlock.adapter", "distlock.default-ttl", "distlock.providers",
					"distlock.namespace", "distlock.delimiter", "distlock.blocking.wait-time",
					"distlock.blocking.interval", "distlock.aop-order",
					"distlock.instance-id", "distlock.events.cross-instance.enabled",
					"distlock.events.cross-instance.include-owners",
					"distlock.events.application-events.enabled", "distlock.metrics.key-tag",
					"distlock.renewal.enabled", "distlock.lost-lock-policy", "distlock.release-error-policy",
					"distlock.redis.command-timeout", "distlock.jdbc.table-name", "distlock.jdbc.initialize-schema",
					"distlock.jdbc.query-timeout", "distlock.jdbc.notifications", "distlock.jdbc.cleanup-after",
					"distlock.held-locks.max-size", "distlock.not-acquired", "distlock.web.problem-details.enabled",
					"distlock.web.problem-details.include-key");
	}

	@Test
	void everyPropertyHasADescriptionSentence() throws Exception {
		assertThat(properties()).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.matches("^[A-Z].*\\.$"));
	}

	@Test
	void everyPropertyWithADefaultDocumentsIt() throws Exception {
		Map<Object, String> defaults = new HashMap<>();
		properties().forEach((property) -> defaults.put(property.get("name"), String.valueOf(property.get("defaultValue"))));
		assertThat(defaults).containsEntry("distlock.adapter", "auto")
			.containsEntry("distlock.default-ttl", "5m")
			.containsEntry("distlock.namespace", "lock")
			.containsEntry("distlock.delimiter", ":")
			.containsEntry("distlock.blocking.wait-time", "1m")
			.containsEntry("distlock.blocking.interval", "1s")
			.containsEntry("distlock.aop-order", "2147483547")
			.containsEntry("distlock.events.cross-instance.enabled", "false")
			.containsEntry("distlock.events.cross-instance.include-owners", "false")
			.containsEntry("distlock.events.application-events.enabled", "true")
			.containsEntry("distlock.metrics.key-tag", "false")
			.containsEntry("distlock.renewal.enabled", "false")
			.containsEntry("distlock.lost-lock-policy", "throw")
			.containsEntry("distlock.release-error-policy", "log")
			.containsEntry("distlock.redis.command-timeout", "2s")
			.containsEntry("distlock.jdbc.table-name", "distlock_locks")
			.containsEntry("distlock.jdbc.initialize-schema", "embedded")
			.containsEntry("distlock.jdbc.query-timeout", "2s")
			.containsEntry("distlock.jdbc.notifications", "true")
			.containsEntry("distlock.jdbc.cleanup-after", "1h")
			.containsEntry("distlock.held-locks.max-size", "10000");
	}

	@Test
	void everyDefaultTheCoreDefinesIsTheOneTheMetadataStates() throws Exception {
		// The properties leave these unset and take the core's defaults: the metadata must state those, not others.
		Map<Object, Object> defaults = new HashMap<>();
		properties().forEach((property) -> defaults.put(property.get("name"), property.get("defaultValue")));
		try (LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build()) {
			assertThat(new ExpiryConverter().convert((String) defaults.get("distlock.default-ttl")))
				.isEqualTo(provider.getDefaultExpiry());
			assertThat(defaults.get("distlock.namespace")).isEqualTo(provider.getNamespace().root());
			assertThat(defaults.get("distlock.delimiter")).isEqualTo(provider.getNamespace().delimiter());
			assertThat(duration(defaults, "distlock.blocking.wait-time"))
				.isEqualTo(provider.getDefaultBlockingSettings().waitTime());
			assertThat(duration(defaults, "distlock.blocking.interval"))
				.isEqualTo(provider.getDefaultBlockingSettings().interval());
			assertThat(defaults.get("distlock.renewal.enabled")).isEqualTo(provider.isDefaultRenewal());
			assertThat(defaults.get("distlock.lost-lock-policy"))
				.isEqualTo(provider.getLostLockPolicy().name().toLowerCase(Locale.ROOT));
			assertThat(defaults.get("distlock.release-error-policy"))
				.isEqualTo(provider.getReleaseErrorPolicy().name().toLowerCase(Locale.ROOT));
		}
		assertThat(duration(defaults, "distlock.redis.command-timeout"))
			.isEqualTo(RedisLockAdapterSettings.defaults().commandTimeout());
		assertThat(defaults.get("distlock.aop-order")).isEqualTo(DistributedLockBeanPostProcessor.DEFAULT_ADVISOR_ORDER);
		assertThat(defaults.get("distlock.not-acquired")).isEqualTo("throw");
	}

	@Test
	void theNamedProvidersAreDescribed() throws Exception {
		assertThat(properties()).filteredOn((property) -> property.get("name").equals("distlock.providers"))
			.singleElement()
			.satisfies((property) -> assertThat((String) property.get("description")).contains("@Qualifier")
				.contains("provider = \"name\"").contains("adapter, default-ttl, namespace"));
	}

	private static Duration duration(Map<Object, Object> defaults, String name) {
		return DurationStyle.detectAndParse((String) defaults.get(name));
	}

}
