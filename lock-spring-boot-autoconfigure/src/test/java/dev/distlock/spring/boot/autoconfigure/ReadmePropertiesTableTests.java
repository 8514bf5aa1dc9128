package dev.distlock.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of properties ("Configuration", between {@value #START} and {@value #END}) is the one the
 * starter's configuration metadata makes: every {@code distlock.*} property and
 * {@code management.health.distlock.enabled}, sorted by name, with the default and the description the metadata
 * states. The failure message prints the table to paste between the markers.
 */
class ReadmePropertiesTableTests {

	/** The README, from the module's directory (the tests' working directory). */
	private static final Path README = Path.of("..", "README.md");

	static final String START = "<!-- properties-table:start -->";

	static final String END = "<!-- properties-table:end -->";

	private static final String HEALTH = "management.health.distlock.enabled";

	@Test
	void theReadmesPropertiesTableIsTheOneTheMetadataMakes() throws IOException {
		String expected = table(properties());
		String actual = between(Files.readString(README, StandardCharsets.UTF_8));
		assertThat(actual)
			.as("the README's properties table (%s) is out of date with the configuration metadata: replace the lines "
					+ "between %s and %s with these (a clean compile of lock-spring-boot-autoconfigure regenerates "
					+ "the metadata):%n%n%s%n", README.toAbsolutePath().normalize(), START, END, expected)
			.isEqualTo(expected);
	}

	@Test
	void theTableListsEveryDistlockPropertyAndTheHealthSwitch() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("distlock.adapter", "distlock.default-ttl", "distlock.providers", "distlock.aop-order",
					"distlock.not-acquired", HEALTH)
			.doesNotContain("distlock.no-expiry");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<String, Object> metadata = JsonMapper.builder().build().readValue(json, Map.class);
			return ((List<Map<String, Object>>) metadata.get("properties")).stream()
				.filter((property) -> name(property).startsWith("distlock.") || name(property).equals(HEALTH))
				.sorted(Comparator.comparing(ReadmePropertiesTableTests::name))
				.toList();
		}
	}

	/**
	 * The table, one row per property: its name, its default as the metadata states it (empty when it states none)
	 * and its description, verbatim.
	 * @param properties the properties, sorted by name
	 * @return the table's lines, joined by {@code \n}
	 */
	static String table(List<Map<String, Object>> properties) {
		String header = "| Property | Default | Description |\n|---|---|---|\n";
		return header + properties.stream()
			.map((property) -> "| `" + name(property) + "` | " + code(property.get("defaultValue")) + " | "
					+ cell(property.get("description")) + " |")
			.collect(Collectors.joining("\n"));
	}

	private static String name(Map<String, Object> property) {
		return (String) property.get("name");
	}

	private static String code(Object value) {
		return (value != null) ? "`" + value + "`" : "";
	}

	// A description is one line of a table cell: a '|' would end the cell.
	private static String cell(Object value) {
		return (value != null) ? value.toString().replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ") : "";
	}

	// The lines strictly between the markers, without blank lines around them.
	private static String between(String readme) {
		int start = readme.indexOf(START);
		int end = readme.indexOf(END);
		assertThat(start).as("README.md has the line %s", START).isNotNegative();
		assertThat(end).as("README.md has the line %s after %s", END, START).isGreaterThan(start);
		return readme.substring(start + START.length(), end).replace("\r\n", "\n").strip();
	}

}
