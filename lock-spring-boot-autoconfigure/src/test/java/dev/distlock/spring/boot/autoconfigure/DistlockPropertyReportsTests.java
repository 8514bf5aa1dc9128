package dev.distlock.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every {@code distlock.*} value out of range stops a real startup with a failure report that names the property,
 * quotes its value as written and says where it was set (file and line), never with a raw stack trace naming a
 * builder's argument.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistlockPropertyReportsTests {

	private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration";

	private static final String JDBC = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			distlock.blocking.wait-time      | -1s     | memory
			distlock.blocking.interval       | 0ms     | memory
			distlock.blocking.interval       | 500us   | memory
			distlock.held-locks.max-size     | 0       | memory
			distlock.held-locks.max-size     | 1000001 | memory
			distlock.delimiter               | ::      | memory
			distlock.redis.command-timeout   | 0ms     | redis
			distlock.redis.command-timeout   | 2d      | redis
			distlock.jdbc.query-timeout      | 0s      | jdbc
			distlock.jdbc.query-timeout      | 2d      | jdbc
			distlock.jdbc.cleanup-after      | -1m     | jdbc
			distlock.jdbc.cleanup-after      | 36501d  | jdbc
			""")
	void aValueOutOfRangeIsAReportWithItsOrigin(String property, String value, String adapter, CapturedOutput output)
			throws IOException {
		Path file = write("# team settings\ndistlock.adapter=" + adapter + "\n" + property + "=" + value + "\n");

		Throwable failure = start(file, adapter);

		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.isInstanceOfSatisfying(DistlockConfigurationException.class, (ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getValue()).isEqualTo(value);
			});
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: " + property + "\n")
			.contains("Value:    " + value + "\n")
			.contains("Origin:   URL [file:" + file + "] - 3:" + (property.length() + 2))
			.contains("Reason:   ")
			.doesNotContain("Application run failed");
	}

	@Test
	void aHugeNamespaceIsReportedByAShortPrefix(CapturedOutput output) throws IOException {
		Path file = write("distlock.adapter=memory\ndistlock.namespace=" + "n".repeat(10_000) + "\n");

		start(file, "memory");

		assertThat(output).contains("Property: distlock.namespace")
			.contains("Origin:   URL [file:" + file + "] - 2:20")
			.contains("(10000 characters)")
			.doesNotContain("n".repeat(100));
	}

	// The TTL converts to an Expiry, which refuses it while binding: Spring Boot's report, with origin and reason.
	@ParameterizedTest
	@CsvSource({ "36600d, must not exceed 36500 days", "0s, must be positive", "-5s, must be positive" })
	void aDefaultTtlOutOfRangeIsBootsReportOfThePropertyWithItsOrigin(String value, String reason,
			CapturedOutput output) throws IOException {
		Path file = write("distlock.adapter=memory\ndistlock.default-ttl=" + value + "\n");

		start(file, "memory");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.default-ttl")
			.contains("Value: \"" + value + "\"")
			.contains("Origin: URL [file:" + file + "] - 2:22")
			.contains(reason);
	}

	@Test
	void aValueThatDoesNotBindIsBootsOwnReportOfTheProperty(CapturedOutput output) throws IOException {
		Path file = write("distlock.adapter=memory\ndistlock.default-ttl=soon\n");

		start(file, "memory");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: distlock.default-ttl")
			.contains("Value: \"soon\"")
			.contains("Origin: URL [file:" + file + "] - 2:22");
	}

	private Path write(String properties) throws IOException {
		Path file = this.directory.resolve("team.properties");
		Files.writeString(file, properties, StandardCharsets.ISO_8859_1);
		return file;
	}

	// Starts an application that fails, with only the services the adapter needs, and returns the failure.
	private static Throwable start(Path properties, String adapter) {
		List<String> excluded = new ArrayList<>();
		if (!adapter.equals("redis")) {
			excluded.add(REDIS);
		}
		if (!adapter.equals("jdbc")) {
			excluded.add(JDBC);
		}
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.config.additional-location=" + properties.toUri(),
					"spring.autoconfigure.exclude=" + String.join(",", excluded))
			.run()
			.close());
		assertThat(failure).as("the startup fails").isNotNull();
		return failure;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
