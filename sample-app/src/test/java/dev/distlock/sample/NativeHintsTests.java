package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Spring's AOT processing of the sample (spring-boot:process-aot, bound in this module's build; this test runs
 * after it, in the package phase) wrote for a native image: distlock's hints from its {@code aot.factories} reached it, together with the
 * sample's own locked method.
 */
class NativeHintsTests {

	private static final Path METADATA = Path.of("target", "spring-aot", "main", "resources", "META-INF",
			"native-image", "dev.distlock", "sample-app", "reachability-metadata.json");

	@Test
	@SuppressWarnings("unchecked")
	void theScriptsTheSchemasAndTheAnnotationPathAreInTheNativeImageMetadata() throws Exception {
		assertThat(METADATA).as("run the build's process-aot first (./mvnw -pl sample-app package)")
			.isRegularFile();
		Map<String, Object> metadata = JsonMapper.builder().build().readValue(Files.readString(METADATA), Map.class);
		List<Map<String, Object>> resources = (List<Map<String, Object>>) metadata.get("resources");
		assertThat(resources).extracting((resource) -> resource.get("glob"))
			.contains("dev/distlock/redis/*.lua", "dev/distlock/jdbc/schema-*.sql");
		List<Map<String, Object>> reflection = (List<Map<String, Object>>) metadata.get("reflection");
		assertThat(typeHint(reflection, "dev.distlock.spring.LockExpressionRoot")).containsEntry("allPublicMethods",
				true);
		assertThat(typeHint(reflection, "dev.distlock.spring.DistributedLock")).containsEntry("allPublicMethods", true);
		assertThat(typeHint(reflection, "dev.distlock.LockHandle")).containsEntry("allPublicMethods", true);
		assertThat((List<Object>) typeHint(reflection, "dev.distlock.sample.booking.BookingService").get("methods"))
			.contains(Map.of("name", "book", "parameterTypes",
					List.of("java.lang.String", "java.lang.String", "java.lang.String")));
	}

	private static Map<String, Object> typeHint(List<Map<String, Object>> reflection, String type) {
		return reflection.stream()
			.filter((hint) -> type.equals(hint.get("type")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no reflection hint for " + type));
	}

}
