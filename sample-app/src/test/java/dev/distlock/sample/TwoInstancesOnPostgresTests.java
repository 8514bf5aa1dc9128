package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.test.jdbc.TestDatabase;
import dev.distlock.test.jdbc.TestDatabaseEndpoint;

/**
 * Two instances of the sample with the {@code jdbc} profile on one PostgreSQL (Testcontainers,
 * {@code DISTLOCK_TEST_POSTGRES_URL} or the local one; with {@code CI=true} a missing database fails), as two replicas
 * behind a load balancer would run: many concurrent requests for the same seats, sent to both, book each seat exactly
 * once.
 */
class TwoInstancesOnPostgresTests {

	// Random per run: the database is shared with other test runs.
	private static final String RUN = UUID.randomUUID().toString();

	private static final String SHOW = "seating-" + RUN;

	// A lock table of this run's own, dropped at the end; the bookings table is the sample's, this run's rows deleted.
	private static final String LOCK_TABLE = "sample_locks_"
			+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		TestDatabaseEndpoint postgres = TestDatabase.POSTGRESQL.endpoint();
		first = start(postgres);
		second = start(postgres);
	}

	@AfterAll
	static void stopInstances() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			jdbc.sql("DELETE FROM sample_bookings WHERE show_name = ?").param(SHOW).update();
			jdbc.sql("DROP TABLE IF EXISTS " + LOCK_TABLE).update();
			first.close();
		}
	}

	@Test
	void bothInstancesLockThroughPostgres() {
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			LockAdapter adapter = instance.getBean(LockAdapter.class);
			assertThat(adapter).isInstanceOf(JdbcLockAdapter.class);
			assertThat(((JdbcLockAdapter) adapter).getDialect()).isEqualTo(JdbcDialect.POSTGRESQL);
			assertThat(((JdbcLockAdapter) adapter).getSettings().tableName()).isEqualTo(LOCK_TABLE);
		}
	}

	@Test
	void healthIsUpAndListening() {
		JdbcLockAdapter adapter = first.getBean(JdbcLockAdapter.class);
		await().atMost(Duration.ofSeconds(10)).until(adapter::isListening);
		HttpResponse<String> health = Http.get(port(first), "/actuator/health/distlock");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"listening\":true");
	}

	@Test
	void concurrentRequestsToBothInstancesNeverDoubleBookASeat() throws Exception {
		List<String> seats = List.of("A1", "A2", "A3", "A4");
		int[] ports = { port(first), port(second) };
		// Request i goes for seat i % 4 on instance (i / 4) % 2: every seat is asked for on both instances.
		List<HttpResponse<String>> responses = SampleApplicationTests.concurrently(32,
				(i) -> Http.post(ports[(i / seats.size()) % 2],
						"/shows/" + SHOW + "/seats/" + seats.get(i % seats.size()),
						"{\"customer\":\"customer-" + i + "\"}"));
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201, 409);
		Map<String, List<HttpResponse<String>>> bookedBySeat = responses.stream()
			.filter((response) -> response.statusCode() == 201)
			.collect(Collectors.groupingBy((response) -> response.uri().getPath().replaceAll(".*/", ""),
					Collectors.mapping(Function.identity(), Collectors.toList())));
		assertThat(bookedBySeat).containsOnlyKeys(seats).allSatisfy((seat, booked) -> assertThat(booked).hasSize(1));
		String stored = Http.get(ports[1], "/shows/" + SHOW + "/seats").body();
		for (String seat : seats) {
			String customer = bookedBySeat.get(seat).get(0).body().replaceAll(".*\"customer\":\"([^\"]+)\".*", "$1");
			assertThat(stored).containsOnlyOnce("\"seat\":\"" + seat + "\"")
				.contains("{\"show\":\"" + SHOW + "\",\"seat\":\"" + seat + "\",\"customer\":\"" + customer);
		}
	}

	private static ConfigurableApplicationContext start(TestDatabaseEndpoint postgres) {
		// Command-line arguments, as an operator would pass them: they win over application-jdbc.yml.
		return new SpringApplicationBuilder(SampleApplication.class).profiles("jdbc")
			.run("--server.port=0", "--spring.datasource.url=" + postgres.jdbcUrl(),
					"--spring.datasource.username=" + postgres.username(),
					"--spring.datasource.password=" + postgres.password(), "--distlock.namespace=sample-test-" + RUN,
					"--distlock.jdbc.table-name=" + LOCK_TABLE, "--sample.booking.payment-time=100ms",
					"--management.endpoints.web.exposure.include=health");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
