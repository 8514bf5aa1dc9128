package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;

/**
 * The sample as a newcomer first runs it: the in-memory default, with no Redis, database or any other service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.booking.payment-time=200ms", "sample.closing.work-time=1s", "sample.report.chunks=4",
				"sample.report.chunk-time=1s", "sample.report.ttl=2500ms" })
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void startsOnTheMemoryAdapterWithoutRedisOrADatabase() {
		assertThat(this.context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class);
		assertThat(this.context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(Http.get(this.port, "/actuator/health").body()).contains("\"status\":\"UP\"");
	}

	@Test
	void aSeatIsBookedOnceAndTheSecondBookingIsAConflict() {
		HttpResponse<String> booked = book("once", "A1", "ada");
		assertThat(booked.statusCode()).isEqualTo(201);
		assertThat(booked.body()).contains("\"customer\":\"ada\"");
		HttpResponse<String> again = book("once", "A1", "bob");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("Seat already booked");
	}

	@Test
	void concurrentRequestsForOneSeatBookItExactlyOnceAndTheBusyOnesGet409WithAProblemDetail() throws Exception {
		List<HttpResponse<String>> responses = concurrently(16, (i) -> book("race", "B2", "customer-" + i));
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201, 409);
		assertThat(responses).filteredOn((response) -> response.statusCode() == 201).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.body().contains("Resource busy"))
			.isNotEmpty()
			.allSatisfy((busy) -> assertThat(busy.body()).contains("\"resource\":\"seat:race:B2\"")
				.contains("\"status\":409"));
		assertThat(Http.get(this.port, "/shows/race/seats").body()).containsOnlyOnce("B2");
	}

	@Test
	void aShowIsLockedByTheRequestAndReleasedByTheWorkerItWasHandedTo() {
		assertThat(Http.post(this.port, "/shows/closing/closing", "").statusCode()).isEqualTo(202);
		HttpResponse<String> busy = Http.post(this.port, "/shows/closing/closing", "");
		assertThat(busy.statusCode()).isEqualTo(409);
		assertThat(busy.body()).contains("\"resource\":\"show:closing\"");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Http.get(this.port, "/shows/closed").body().contains("\"closing\""));
		// The worker released the lock the request acquired, so the show can be locked again.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Http.post(this.port, "/shows/closing/closing", "").statusCode() == 202);
	}

	@Test
	void theReportKeepsItsLockPastItsTtlByRefreshingAndReleasesItWhenDone() {
		assertThat(Http.post(this.port, "/shows/report/report", "").statusCode()).isEqualTo(202);
		// Three chunks of 1 s take longer than the 2.5 s TTL: only the refreshes (one per chunk, 1.5 s to spare even
		// on a loaded machine) keep the lock.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Http.get(this.port, "/shows/report/report").body().contains("\"chunksDone\":3"));
		assertThat(Http.post(this.port, "/shows/report/report", "").statusCode()).isEqualTo(409);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Http.get(this.port, "/shows/report/report").body().contains("\"state\":\"DONE\""));
		assertThat(Http.post(this.port, "/shows/report/report", "").statusCode()).isEqualTo(202);
	}

	@Test
	void lockEventsReachTheEventListener() {
		assertThat(book("events", "C3", "ada").statusCode()).isEqualTo(201);
		String events = Http.get(this.port, "/lock-events").body();
		assertThat(events).contains("{\"type\":\"LockAcquiredEvent\",\"key\":\"seat:events:C3\"")
			.contains("{\"type\":\"LockReleasedEvent\",\"key\":\"seat:events:C3\"");
	}

	@Test
	void actuatorShowsHeldLocksMetricsAndPrometheus() {
		assertThat(Http.post(this.port, "/shows/watched/closing", "").statusCode()).isEqualTo(202);
		// Held by the worker for a second: the locks endpoint lists it, with the name the controller gave it.
		assertThat(Http.get(this.port, "/actuator/locks").body()).contains("\"key\":\"show:watched\"")
			.contains("\"name\":\"show-closing\"");
		assertThat(Http.get(this.port, "/actuator/locks/show:watched").body()).contains("\"state\":\"acquired\"");
		assertThat(Http.get(this.port, "/actuator/metrics/distlock.operations").statusCode()).isEqualTo(200);
		assertThat(Http.get(this.port, "/actuator/prometheus").body()).contains("distlock_operations_seconds_count{")
			.contains("distlock_locks_held{");
		assertThat(Http.get(this.port, "/actuator/health").body()).contains("\"distlock\":{");
	}

	private HttpResponse<String> book(String show, String seat, String customer) {
		return Http.post(this.port, "/shows/" + show + "/seats/" + seat, "{\"customer\":\"" + customer + "\"}");
	}

	static <T> List<T> concurrently(int count, IndexedCall<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(executor.submit((Callable<T>) () -> call.call(index)));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	interface IndexedCall<T> {

		T call(int index) throws Exception;

	}

}
