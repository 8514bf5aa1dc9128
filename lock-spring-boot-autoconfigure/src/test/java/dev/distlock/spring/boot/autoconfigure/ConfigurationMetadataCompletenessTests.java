package dev.distlock.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata an IDE completes from (generated, merged with {@code additional-spring-configuration-metadata.json}),
 * checked against the code rather than a list: every {@code distlock.*} property is described; its documented
 * default is exactly what binding an empty configuration gives (and there is none where binding gives none); every
 * enum-typed property has a value hint for each constant; the health and endpoint switches are there.
 */
class ConfigurationMetadataCompletenessTests {

	private static final Map<String, Object> METADATA = read();

	private static final Binder EMPTY = new Binder(new MapConfigurationPropertySource());

	private static final Map<String, Object> BOUND_DEFAULTS = Map.of("distlock.jdbc",
			EMPTY.bindOrCreate("distlock.jdbc", DistlockJdbcProperties.class), "distlock",
			EMPTY.bindOrCreate("distlock", DistlockProperties.class));

	/** The properties left unset in DistlockProperties so that the core's or an adapter's default applies. */
	private static final Set<String> CORE_DEFAULTS = Set.of("distlock.default-ttl", "distlock.namespace",
			"distlock.delimiter", "distlock.blocking.wait-time", "distlock.blocking.interval",
			"distlock.redis.command-timeout", "distlock.renewal.enabled", "distlock.lost-lock-policy",
			"distlock.release-error-policy", "distlock.aop-order", "distlock.not-acquired");

	private static final Set<String> BOUND_BY_THE_POST_PROCESSOR = Set.of("distlock.aop-order",
			"distlock.not-acquired");

	@Test
	void everyDistlockPropertyHasADescription() {
		assertThat(distlockProperties()).isNotEmpty()
			.allSatisfy((property) -> assertThat((String) property.get("description")).as("%s", property.get("name"))
				.isNotBlank());
	}

	@Test
	void everyDistlockPropertyDocumentsTheDefaultItBindsTo() {
		assertThat(distlockProperties()).allSatisfy((property) -> {
			String name = (String) property.get("name");
			Object bound = boundDefault(name);
			Object documented = property.get("defaultValue");
			if (bound == null && CORE_DEFAULTS.contains(name)) {
				// Unset in the properties, the core's (or adapter's) own default applies: the metadata states it,
				// and DistlockPropertiesMetadataTests checks it against the core.
				assertThat(documented).as("%s takes the core's default, which it documents", name).isNotNull();
			}
			else if (bound == null) {
				assertThat(documented).as("%s binds to no default, so documents none", name).isNull();
			}
			else {
				assertThat(documented).as("%s binds to %s by default", name, bound).isNotNull();
				assertThat(ApplicationConversionService.getSharedInstance()
					.convert(String.valueOf(documented), bound.getClass())).as("%s's documented default", name)
					.isEqualTo(bound);
			}
		});
	}

	@Test
	void everyEnumPropertyHasAValueHintForEachConstant() throws Exception {
		List<Map<String, Object>> enumProperties = properties().stream()
			.filter((property) -> isEnum((String) property.get("type")))
			.toList();
		assertThat(enumProperties).extracting((property) -> property.get("name"))
			.contains("distlock.adapter", "distlock.lost-lock-policy", "distlock.release-error-policy",
					"distlock.jdbc.initialize-schema", "management.endpoint.locks.access");
		for (Map<String, Object> property : enumProperties) {
			String name = (String) property.get("name");
			List<String> hinted = hintValues(name).stream().map(ConfigurationMetadataCompletenessTests::canonical).toList();
			Object[] constants = Class.forName((String) property.get("type")).getEnumConstants();
			assertThat(hinted).as("value hints of %s", name)
				.containsExactlyInAnyOrderElementsOf(
						Arrays.stream(constants).map((constant) -> canonical(((Enum<?>) constant).name())).toList());
			assertThat(hints(name).orElseThrow().get("values")).asList()
				.allSatisfy((value) -> assertThat((String) ((Map<?, ?>) value).get("description")).isNotBlank());
		}
	}

	@Test
	void theHealthIndicatorAndTheLocksEndpointHaveTheirSwitches() {
		Map<String, Object> health = property("management.health.distlock.enabled").orElseThrow();
		assertThat(health).containsEntry("type", "java.lang.Boolean").containsEntry("defaultValue", true);
		assertThat((String) health.get("description")).isNotBlank();
		assertThat(property("management.endpoint.locks.access")).get()
			.satisfies((access) -> assertThat(access).containsEntry("defaultValue", "read_only"));
		assertThat(hintValues("management.endpoint.locks.access")).contains("read-only", "unrestricted", "none");
	}

	private static boolean isEnum(String type) {
		try {
			return type != null && Class.forName(type).isEnum();
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	// How Boot binds enum values: case, dashes and underscores do not matter.
	private static String canonical(String value) {
		return value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static Object boundDefault(String name) throws ReflectiveOperationException {
		if (BOUND_BY_THE_POST_PROCESSOR.contains(name)) {
			// Bound once, by the @DistributedLock post-processor, which exists before any properties bean.
			return null;
		}
		String prefix = name.startsWith("distlock.jdbc.") ? "distlock.jdbc" : "distlock";
		Object value = BOUND_DEFAULTS.get(prefix);
		for (String segment : name.substring(prefix.length() + 1).split("\\.")) {
			if (value == null) {
				return null;
			}
			value = component(value.getClass(), segment).getAccessor().invoke(value);
		}
		// No named providers unless configured: an empty map is no default to document.
		return (value instanceof Map<?, ?> map && map.isEmpty()) ? null : value;
	}

	private static RecordComponent component(Class<?> type, String kebabName) {
		String camel = camelCase(kebabName);
		return Arrays.stream(type.getRecordComponents())
			.filter((component) -> component.getName().equals(camel))
			.findFirst()
			.orElseThrow(() -> new AssertionError(type.getName() + " has no component " + camel));
	}

	private static String camelCase(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	private static List<Map<String, Object>> distlockProperties() {
		return properties().stream().filter((property) -> ((String) property.get("name")).startsWith("distlock.")).toList();
	}

	private static Optional<Map<String, Object>> property(String name) {
		return properties().stream().filter((property) -> name.equals(property.get("name"))).findFirst();
	}

	private static Optional<Map<String, Object>> hints(String name) {
		return list("hints").stream().filter((hint) -> name.equals(hint.get("name"))).findFirst();
	}

	private static List<String> hintValues(String name) {
		return hints(name).map((hint) -> ((List<?>) hint.get("values")).stream()
			.map((value) -> (String) ((Map<?, ?>) value).get("value"))
			.toList()).orElse(List.of());
	}

	private static List<Map<String, Object>> properties() {
		return list("properties");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(String key) {
		return (List<Map<String, Object>>) METADATA.getOrDefault(key, List.of());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read() {
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonMapper.builder().build().readValue(json, Map.class);
		}
		catch (Exception ex) {
			throw new IllegalStateException("No configuration metadata on the class path", ex);
		}
	}

}
