package dev.distlock.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.OwnerFingerprint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code locks} endpoint over real HTTP, in an application on a random port: read-only by default, force release
 * only when opted in, fingerprints instead of owners, and a 400 problem detail (no 500, no ERROR log) for a bad key.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocksEndpointWebTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readsByDefaultButForceReleasesOnlyWhenOptedIn() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=locks")) {
			Lock lock = context.getBean(LockProvider.class)
				.create("orders:1", LockSettings.defaults().withName("ship"));
			assertThat(lock.acquire()).isTrue();

			HttpResponse<String> locks = send(context, "GET", "/actuator/locks");
			assertThat(locks.statusCode()).isEqualTo(200);
			assertThat(locks.body()).contains("\"key\":\"orders:1\"")
				.contains("\"ownerFingerprint\":\"" + OwnerFingerprint.of(lock.getOwner()) + "\"")
				.contains("\"maxSize\":10000")
				.doesNotContain(lock.getOwner())
				.doesNotContain("\"owner\"");
			HttpResponse<String> state = send(context, "GET", "/actuator/locks/orders:1");
			assertThat(state.statusCode()).isEqualTo(200);
			assertThat(state.body()).contains("\"state\":\"acquired\"")
				.contains("\"ownerFingerprint\":\"" + OwnerFingerprint.of(lock.getOwner()) + "\"")
				.doesNotContain(lock.getOwner());

			HttpResponse<String> delete = send(context, "DELETE", "/actuator/locks/orders:1");
			assertThat(delete.statusCode()).as("force release is not mapped").isIn(404, 405);
			assertThat(lock.isLocked()).isTrue();
		}
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=locks",
				"management.endpoint.locks.access=unrestricted")) {
			Lock lock = context.getBean(LockProvider.class).create("orders:2");
			assertThat(lock.acquire()).isTrue();

			HttpResponse<String> delete = send(context, "DELETE", "/actuator/locks/orders:2");
			assertThat(delete.statusCode()).isEqualTo(200);
			assertThat(delete.body()).contains("\"released\":true");
			assertThat(lock.isExpired()).isTrue();
		}
	}

	@Test
	void aGlobalCapWinsOverTheOptIn() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=locks",
				"management.endpoint.locks.access=unrestricted", "management.endpoints.access.max-permitted=read-only")) {
			Lock lock = context.getBean(LockProvider.class).create("orders:3");
			assertThat(lock.acquire()).isTrue();
			assertThat(send(context, "DELETE", "/actuator/locks/orders:3").statusCode()).isIn(404, 405);
			assertThat(lock.isLocked()).isTrue();
		}
	}

	@Test
	void notThereUnlessExposed() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(send(context, "GET", "/actuator/locks").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void aBadKeyIsABadRequestWithAProblemDetail(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=locks",
				"management.endpoint.locks.access=unrestricted")) {
			for (String method : new String[] { "GET", "DELETE" }) {
				for (String key : new String[] { "%20", "%C2%A0", "k".repeat(2000) }) {
					HttpResponse<String> response = send(context, method, "/actuator/locks/" + key);
					assertThat(response.statusCode()).as("%s of %s", method, key.substring(0, 3)).isEqualTo(400);
					assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
							(type) -> assertThat(type).startsWith("application/problem+json"));
					assertThat(response.body()).contains("\"status\":400")
						.contains("\"title\":\"Bad Request\"")
						.contains("\"type\":\"about:blank\"")
						.contains("\"detail\":\"Invalid lock key: ");
					assertThat(response.body().length()).as("the key is not echoed whole").isLessThan(400);
				}
			}
		}
		assertThat(output).doesNotContain("ERROR").doesNotContain("IllegalArgumentException");
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "distlock.adapter=memory", "spring.main.banner-mode=off",
					// Only what the endpoint needs: no Redis, no DataSource although their libraries are here.
					"spring.autoconfigure.exclude="
							+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
							+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration,"
							+ "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration,"
							+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
			.properties(properties)
			.run();
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path)
			throws IOException, InterruptedException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
