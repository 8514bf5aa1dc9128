package dev.distlock.spring.boot.starter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.OwnerFingerprint;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an application with Actuator and Micrometer sees of its locks, over HTTP: the {@code locks} endpoint, the
 * {@code distlock} health, meters at {@code /actuator/metrics} and {@code /actuator/prometheus}; and lock events at
 * {@code @EventListener} and {@code @TransactionalEventListener} methods.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "distlock.namespace=observe-e2e", "distlock.adapter=memory",
				"management.endpoints.web.exposure.include=locks,health,metrics,prometheus",
				// The locks endpoint is read-only unless opted in; this test force releases.
				"management.endpoint.locks.access=unrestricted", "management.endpoint.health.show-details=always" })
class ObservabilityTests {

	@LocalServerPort
	private int port;

	@Autowired
	private LockProvider lockProvider;

	@Autowired
	private Orders orders;

	@Autowired
	private Listeners listeners;

	@Autowired
	private TransactionTemplate transactionTemplate;

	private RestClient http;

	@BeforeEach
	void setUp() {
		this.http = RestClient.create("http://localhost:" + this.port + "/actuator");
		this.listeners.clear();
	}

	private String get(String path) {
		return this.http.get().uri(path).retrieve().body(String.class);
	}

	@Test
	void locksEndpointListsReadsAndForceReleases() {
		Lock lock = this.lockProvider.create("orders:42",
				LockSettings.defaults().withName("order-shipping").withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		try {
			String held = get("/locks");
			assertThat(JsonPath.<String>read(held, "$.namespace")).isEqualTo("observe-e2e");
			assertThat(JsonPath.<List<String>>read(held, "$.locks[*].key")).containsExactly("orders:42");
			assertThat(JsonPath.<String>read(held, "$.locks[0].ownerFingerprint"))
				.isEqualTo(OwnerFingerprint.of(lock.getOwner()));
			assertThat(held).doesNotContain(lock.getOwner());
			assertThat(JsonPath.<String>read(held, "$.locks[0].name")).isEqualTo("order-shipping");

			String state = get("/locks/{key}", "orders:42");
			assertThat(JsonPath.<String>read(state, "$.state")).isEqualTo("acquired");
			assertThat(JsonPath.<String>read(state, "$.ownerFingerprint")).isEqualTo(OwnerFingerprint.of(lock.getOwner()));
			assertThat(state).doesNotContain(lock.getOwner());

			String released = this.http.delete().uri("/locks/{key}", "orders:42").retrieve().body(String.class);
			assertThat(JsonPath.<Boolean>read(released, "$.released")).isTrue();
			assertThat(lock.isExpired()).isTrue();
			assertThat(JsonPath.<String>read(get("/locks/{key}", "orders:42"), "$.state")).isEqualTo("expired");
			assertThat(JsonPath.<List<String>>read(get("/locks"), "$.locks")).isEmpty();
		}
		finally {
			lock.release();
		}
	}

	private String get(String path, String key) {
		return this.http.get().uri(path, key).retrieve().body(String.class);
	}

	@Test
	void healthReportsTheAdapter() {
		String health = get("/health");
		assertThat(JsonPath.<String>read(health, "$.components.distlock.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(health, "$.components.distlock.details.adapter")).isEqualTo("memory");
		assertThat(JsonPath.<String>read(health, "$.components.distlock.details.namespace")).isEqualTo("observe-e2e");
	}

	@Test
	void metersAtTheMetricsEndpointAndPrometheus() {
		this.orders.ship(1);
		Lock holder = this.lockProvider.create("orders:2");
		holder.acquire();
		try {
			assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(() -> this.orders.ship(2));
			String held = get("/metrics/distlock.locks.held");
			assertThat(JsonPath.<Double>read(held, "$.measurements[0].value")).isEqualTo(1.0);
		}
		finally {
			holder.release();
		}
		String method = Orders.class.getName() + ".ship";
		String unavailable = this.http.get()
			.uri("/metrics/distlock.operations?tag=distlock.operation:acquire&tag=distlock.outcome:unavailable"
					+ "&tag=distlock.lock.name:{name}", method)
			.retrieve()
			.body(String.class);
		assertThat(JsonPath.<List<Double>>read(unavailable, "$.measurements[?(@.statistic=='COUNT')].value"))
			.containsExactly(1.0);
		assertThat(JsonPath.<List<String>>read(unavailable, "$.availableTags[*].tag")).contains("distlock.namespace",
				"distlock.adapter", "distlock.blocking", "error")
			.doesNotContain("distlock.key");

		String prometheus = get("/prometheus");
		assertThat(prometheus).contains("distlock_operations_seconds_count{")
			.contains("distlock_outcome=\"unavailable\"")
			.contains("distlock_locks_held{")
			.contains("distlock_locks_held_duration_seconds_count{")
			.doesNotContain("distlock_key");
	}

	@Test
	void eventListenersReceiveLockEventsAndAThrowingOneBreaksNothing() {
		assertThat(this.orders.ship(3)).isEqualTo("shipped 3");
		assertThat(this.listeners.events).hasExactlyElementsOfTypes(LockAcquiredEvent.class,
				LockReleasedEvent.class);
		assertThat(this.listeners.events.get(0).lock().getKey()).isEqualTo("orders:3");
		assertThat(this.listeners.throwingCalls).hasSize(1);
		assertThat(this.lockProvider.create("orders:3").isExpired()).isTrue();
	}

	@Test
	void transactionalEventListenersHearOnlyCommittedTransactions() {
		Lock committed = this.lockProvider.create("tx:commit");
		Lock rolledBack = this.lockProvider.create("tx:rollback");
		try {
			this.transactionTemplate.executeWithoutResult((status) -> committed.acquire());
			this.transactionTemplate.executeWithoutResult((status) -> {
				rolledBack.acquire();
				status.setRollbackOnly();
			});
			assertThat(this.listeners.afterCommit).extracting((event) -> event.lock().getKey())
				.containsExactly("tx:commit");
		}
		finally {
			committed.release();
			rolledBack.release();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Orders {

		@DistributedLock(key = "'orders:' + #p0")
		public String ship(long id) {
			return "shipped " + id;
		}

	}

	static class Listeners {

		final List<LockEvent> events = new CopyOnWriteArrayList<>();

		final List<LockReleasedEvent> throwingCalls = new CopyOnWriteArrayList<>();

		final List<LockAcquiredEvent> afterCommit = new CopyOnWriteArrayList<>();

		void clear() {
			this.events.clear();
			this.throwingCalls.clear();
			this.afterCommit.clear();
		}

		@EventListener
		void on(LockEvent event) {
			this.events.add(event);
		}

		@EventListener
		void failOn(LockReleasedEvent event) {
			this.throwingCalls.add(event);
			throw new IllegalStateException("a listener that fails");
		}

		@TransactionalEventListener
		void afterCommit(LockAcquiredEvent event) {
			this.afterCommit.add(event);
		}

	}

}
