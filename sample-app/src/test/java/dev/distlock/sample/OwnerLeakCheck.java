package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.distlock.LockProvider;
import dev.distlock.OwnerFingerprint;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.spring.boot.autoconfigure.LockProviderBuilderCustomizer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * The proof that owners stay in the process: one full run of the sample (every endpoint, the lock handed from the web
 * request to the worker and released there, the lock events, health, metrics, Prometheus and the locks endpoint),
 * with distlock logging at TRACE and Spring MVC at DEBUG (which logs every response object it writes). Every owner
 * the run creates is recorded where it is made, by the provider's owner generator, and where it is used, in every
 * lock event; then no captured log line, no HTTP response (body or header), no observation and no meter may contain
 * any of them. Where the sample shows whose lock it is, it shows the owner's fingerprint.
 *
 * <p>Subclasses run it on each backend. Client libraries' own wire traces (Lettuce or JDBC parameter logging at
 * TRACE) are left at their defaults: they print what is sent, owners included, as they would print any credential.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "logging.level.dev.distlock=TRACE", "logging.level.dev.distlock.sample=TRACE",
		"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.boot.actuate=DEBUG",
		"sample.booking.payment-time=100ms", "sample.closing.work-time=1s", "sample.report.chunks=3",
		"sample.report.chunk-time=100ms", "sample.report.ttl=1s" })
@Import(OwnerLeakCheck.OwnerRecording.class)
// Its own context, closed after the run: TRACE logging and a recording provider are for this run alone.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
abstract class OwnerLeakCheck {

	// Random per run: the backend may be shared with other test runs.
	private final String show = "leak-" + UUID.randomUUID();

	private final List<String> responses = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private Owners owners;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private LockProvider provider;

	@Test
	void aFullRunWritesNoOwnerIntoAnyLogLineResponseObservationOrMeter(CapturedOutput output) throws Exception {
		book();
		closeTheShow();
		runTheReport();
		readTheManagementEndpoints();
		String events = get("/lock-events").body();

		Set<String> created = this.owners.created();
		assertThat(created).as("owners the run created").hasSizeGreaterThanOrEqualTo(10);
		// Every owner this instance's events carried was made by this run's provider: nothing escaped the recording.
		Set<String> used = this.owners.usedBy(this.provider.getInstanceId());
		assertThat(used).isNotEmpty();
		assertThat(created).containsAll(used);
		String log = output.getAll();
		List<String> observations = this.owners.observations();
		List<String> meters = this.meters.getMeters().stream().map(OwnerLeakCheck::describe).toList();
		for (String owner : created) {
			assertThat(log).as("the run's log").doesNotContain(owner);
			assertThat(this.responses).as("the run's HTTP responses")
				.allSatisfy((response) -> assertThat(response).doesNotContain(owner));
			assertThat(observations).as("the run's observations")
				.allSatisfy((observation) -> assertThat(observation).doesNotContain(owner));
			assertThat(meters).as("the run's meters").allSatisfy((meter) -> assertThat(meter).doesNotContain(owner));
		}
		// Where the sample says whose lock it is, it says it with the fingerprint.
		String closingOwner = this.owners.acquirerOf("show:" + this.show);
		assertThat(events).contains("\"ownerFingerprint\":\"" + OwnerFingerprint.of(closingOwner) + "\"")
			.doesNotContain("\"owner\"");
		assertThat(log).contains("Closed show " + this.show + " under lock Lock[key=show:" + this.show
				+ ", ownerFingerprint=" + OwnerFingerprint.of(closingOwner));
		assertThat(observations).isNotEmpty();
	}

	/**
	 * The show this run books, closes and reports on: its name is the run's own, for a subclass's clean-up.
	 * @return the show
	 */
	String show() {
		return this.show;
	}

	private void book() throws Exception {
		assertThat(post("/shows/" + this.show + "/seats/A1", "{\"customer\":\"ada\"}").statusCode()).isEqualTo(201);
		assertThat(post("/shows/" + this.show + "/seats/A1", "{\"customer\":\"bob\"}").statusCode()).isEqualTo(409);
		// Busy: the loser of a race for one seat is told who is busy (the key), never by which owner.
		List<HttpResponse<String>> race = SampleApplicationTests.concurrently(8,
				(i) -> post("/shows/" + this.show + "/seats/B2", "{\"customer\":\"customer-" + i + "\"}"));
		assertThat(race).extracting(HttpResponse::statusCode).containsOnly(201, 409);
		assertThat(get("/shows/" + this.show + "/seats").statusCode()).isEqualTo(200);
		assertThat(post("/shows/" + this.show + "/seats/C3", "{not json").statusCode()).isEqualTo(400);
	}

	private void closeTheShow() {
		HttpResponse<String> closing = post("/shows/" + this.show + "/closing", "");
		assertThat(closing.statusCode()).isEqualTo(202);
		assertThat(closing.body()).doesNotContain("lockOwner");
		String fingerprint = closing.body().replaceAll(".*\"ownerFingerprint\":\"([0-9a-f]{16})\".*", "$1");
		assertThat(fingerprint).hasSize(16);
		assertThat(post("/shows/" + this.show + "/closing", "").statusCode()).isEqualTo(409);
		// The lock is the worker's now: the management endpoints see it held, by the same fingerprint.
		assertThat(get("/actuator/locks").body()).contains(fingerprint);
		assertThat(get("/actuator/locks/show:" + this.show).body()).contains("\"state\":\"acquired\"")
			.contains(fingerprint);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/shows/closed").body().contains("\"" + this.show + "\""));
		// Released by the worker it was handed to, so the show can be locked again; and released again at the end.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> post("/shows/" + this.show + "/closing", "").statusCode() == 202);
		await().atMost(Duration.ofSeconds(10)).until(() -> closings() == 2);
	}

	private int closings() {
		String closed = get("/shows/closed").body();
		return closed.split(Pattern.quote("\"" + this.show + "\""), -1).length - 1;
	}

	private void runTheReport() {
		assertThat(post("/shows/" + this.show + "/report", "").statusCode()).isEqualTo(202);
		assertThat(post("/shows/" + this.show + "/report", "").statusCode()).isEqualTo(409);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/shows/" + this.show + "/report").body().contains("\"state\":\"DONE\""));
	}

	private void readTheManagementEndpoints() {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/distlock", "/actuator/metrics",
				"/actuator/prometheus", "/actuator/locks", "/actuator/locks/show:" + this.show,
				"/actuator/locks/seat:" + this.show + ":A1")) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(200);
		}
		List<String> distlockMeters = new ArrayList<>();
		this.meters.getMeters()
			.stream()
			.map((meter) -> meter.getId().getName())
			.filter((name) -> name.startsWith("distlock."))
			.distinct()
			.forEach(distlockMeters::add);
		assertThat(distlockMeters).isNotEmpty();
		for (String name : distlockMeters) {
			assertThat(get("/actuator/metrics/" + name).statusCode()).as(name).isEqualTo(200);
		}
	}

	private HttpResponse<String> get(String path) {
		return record(Http.get(this.port, path));
	}

	private HttpResponse<String> post(String path, String json) {
		return record(Http.post(this.port, path, json));
	}

	private HttpResponse<String> record(HttpResponse<String> response) {
		this.responses.add(response.uri() + " " + response.statusCode() + " " + response.headers().map() + "\n"
				+ response.body());
		return response;
	}

	private static String describe(Meter meter) {
		return meter.getId().getName() + " " + meter.getId().getTags() + " " + meter.getId().getDescription();
	}

	/** Records every owner where it is made and where it is used, and what every observation says. */
	static final class Owners {

		private final Set<String> created = ConcurrentHashMap.newKeySet();

		private final List<LockEvent> events = new CopyOnWriteArrayList<>();

		private final List<LockAcquiredEvent> acquired = new CopyOnWriteArrayList<>();

		private final List<String> observations = new CopyOnWriteArrayList<>();

		String create() {
			// As distlock's default generator makes them.
			String owner = UUID.randomUUID().toString();
			this.created.add(owner);
			return owner;
		}

		@EventListener
		void on(LockEvent event) {
			this.events.add(event);
			if (event instanceof LockAcquiredEvent acquiredEvent) {
				this.acquired.add(acquiredEvent);
			}
		}

		Set<String> created() {
			return Set.copyOf(this.created);
		}

		// Events received from other instances may carry a fingerprint where the owner would be.
		Set<String> usedBy(String origin) {
			Set<String> used = new HashSet<>();
			this.events.stream()
				.filter((event) -> event.origin().equals(origin))
				.forEach((event) -> used.add(event.lock().getOwner()));
			return used;
		}

		List<String> observations() {
			return List.copyOf(this.observations);
		}

		String acquirerOf(String key) {
			return this.acquired.stream()
				.filter((event) -> event.lock().getKey().equals(key))
				.findFirst()
				.orElseThrow()
				.lock()
				.getOwner();
		}

		void observed(Observation.Context context) {
			// Everything a tracer or an observation log would see: names, key values of both cardinalities, context.
			this.observations.add(context.getName() + " " + context.getContextualName() + " "
					+ context.getLowCardinalityKeyValues() + " " + context.getHighCardinalityKeyValues() + " "
					+ context);
		}

	}

	// Imported, not a nested @TestConfiguration: the TestContext framework would take one for the test's own
	// configuration.
	static class OwnerRecording {

		@Bean
		Owners owners() {
			return new Owners();
		}

		@Bean
		LockProviderBuilderCustomizer recordingOwnerGenerator(Owners owners) {
			return (providerName, builder) -> builder.ownerGenerator(owners::create);
		}

		@Bean
		ObservationHandler<Observation.Context> observationRecorder(Owners owners) {
			return new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

				@Override
				public void onStart(Observation.Context context) {
					owners.observed(context);
				}

				@Override
				public void onStop(Observation.Context context) {
					owners.observed(context);
				}

			};
		}

	}

}
