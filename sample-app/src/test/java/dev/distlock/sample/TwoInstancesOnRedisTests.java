package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.test.redis.TestRedis;

/**
 * Two instances of the sample on one Redis, as two replicas behind a load balancer would run: many concurrent
 * requests for the same seats, sent to both, book each seat exactly once; the report's lock is shared, its progress
 * is labelled with the instance that answers.
 */
class TwoInstancesOnRedisTests {

	// Random per run: the Redis is shared with other test runs.
	private static final String RUN = UUID.randomUUID().toString();

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		String url = TestRedis.endpoint().url();
		first = start(url);
		second = start(url);
	}

	@AfterAll
	static void stopInstances() {
		if (first != null) {
			first.getBean(StringRedisTemplate.class).delete("sample:test:" + RUN + ":seating");
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@Test
	void bothInstancesLockThroughRedis() {
		assertThat(first.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
		assertThat(second.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
	}

	@Test
	void concurrentRequestsToBothInstancesNeverDoubleBookASeat() throws Exception {
		List<String> seats = List.of("A1", "A2", "A3", "A4");
		int[] ports = { port(first), port(second) };
		// Request i goes for seat i % 4 on instance (i / 4) % 2: every seat is asked for on both instances.
		List<HttpResponse<String>> responses = SampleApplicationTests.concurrently(32,
				(i) -> Http.post(ports[(i / seats.size()) % 2], "/shows/seating/seats/" + seats.get(i % seats.size()),
						"{\"customer\":\"customer-" + i + "\"}"));
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201, 409);
		Map<String, List<HttpResponse<String>>> bookedBySeat = responses.stream()
			.filter((response) -> response.statusCode() == 201)
			.collect(Collectors.groupingBy((response) -> response.uri().getPath().replaceAll(".*/", ""),
					Collectors.mapping(Function.identity(), Collectors.toList())));
		assertThat(bookedBySeat).containsOnlyKeys(seats).allSatisfy((seat, booked) -> assertThat(booked).hasSize(1));
		String stored = Http.get(ports[1], "/shows/seating/seats").body();
		for (String seat : seats) {
			String customer = bookedBySeat.get(seat).get(0).body().replaceAll(".*\"customer\":\"([^\"]+)\".*", "$1");
			assertThat(stored).contains("{\"show\":\"seating\",\"seat\":\"" + seat + "\",\"customer\":\"" + customer);
		}
	}

	@Test
	void theInstanceThatDoesNotRunTheReportSaysSoAndWhoAnswers() {
		String show = "report-" + RUN;
		assertThat(Http.post(port(first), "/shows/" + show + "/report", "").statusCode()).isEqualTo(202);
		String here = Http.get(port(first), "/shows/" + show + "/report").body();
		String elsewhere = Http.get(port(second), "/shows/" + show + "/report").body();
		assertThat(here).contains("\"state\":\"RUNNING\"")
			.contains("\"instanceId\":\"" + first.getBean(LockProvider.class).getInstanceId() + "\"");
		assertThat(elsewhere).contains("\"state\":\"RUNNING_ELSEWHERE\"")
			.contains("\"instanceId\":\"" + second.getBean(LockProvider.class).getInstanceId() + "\"");
		// The lock is shared: the other instance cannot start a second run.
		assertThat(Http.post(port(second), "/shows/" + show + "/report", "").statusCode()).isEqualTo(409);
	}

	private static ConfigurableApplicationContext start(String redisUrl) {
		// Command-line arguments, as an operator would pass them: they win over application.yml.
		return new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--spring.data.redis.url=" + redisUrl, "--distlock.namespace=sample-test-" + RUN,
					"--sample.bookings.key-prefix=sample:test:" + RUN, "--sample.booking.payment-time=100ms",
					"--sample.report.chunks=3", "--sample.report.chunk-time=10s", "--sample.report.ttl=30s",
					"--management.endpoints.web.exposure.include=health");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
