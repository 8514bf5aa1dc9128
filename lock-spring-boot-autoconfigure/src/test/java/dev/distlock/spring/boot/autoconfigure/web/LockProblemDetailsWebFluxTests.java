package dev.distlock.spring.boot.autoconfigure.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.web.LockProblemDetailsExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a WebFlux application, a lock held elsewhere answers 409 and a failed backend 503, each as a problem detail
 * without owner, and without key unless opted in; the application's own advice wins; a property switches it off.
 */
class LockProblemDetailsWebFluxTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebFluxAutoConfiguration.class, DistributedLockAutoConfiguration.class,
				LockProblemDetailsAutoConfiguration.class))
		.withUserConfiguration(LockedEndpoints.Controllers.class)
		.withPropertyValues("distlock.adapter=memory");

	@Test
	void aLockHeldElsewhereIsAConflictWithoutKeyOrOwner() {
		this.runner.run((context) -> {
			Lock holder = hold(context, "orders:52");
			client(context).post()
				.uri("/orders/52/ship")
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.doesNotExist(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Resource locked")
				.jsonPath("$.instance")
				.isEqualTo("/orders/52/ship")
				.jsonPath("$.lockKey")
				.doesNotExist()
				.consumeWith((response) -> assertThat(new String(response.getResponseBodyContent()))
					.doesNotContain("orders:52")
					.doesNotContain(holder.getOwner()));
			client(context).post().uri("/orders/53/pack").exchange().expectStatus().isOk();
			holder.release();
			client(context).post().uri("/orders/52/ship").exchange().expectStatus().isOk();
		});
	}

	@Test
	void theKeyIsNamedOnlyWhenOptedIn() {
		this.runner.withPropertyValues("distlock.web.problem-details.include-key=true").run((context) -> {
			Lock holder = hold(context, "orders:54");
			client(context).post()
				.uri("/orders/54/pack")
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.lockKey")
				.isEqualTo("orders:54");
			holder.release();
		});
	}

	@Test
	void aFailedBackendIsServiceUnavailable() {
		this.runner.run((context) -> client(context).post()
			.uri("/orders/55/invoice")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Lock service unavailable")
			.consumeWith((response) -> assertThat(new String(response.getResponseBodyContent()))
				.doesNotContain("connection refused")));
	}

	@Test
	void theApplicationsOwnAdviceWins() {
		this.runner.withUserConfiguration(LockedEndpoints.OwnAdviceConfiguration.class).run((context) -> {
			Lock holder = hold(context, "orders:56");
			client(context).post().uri("/orders/56/ship").exchange().expectStatus().isEqualTo(423);
			holder.release();
		});
	}

	@Test
	void switchedOffThePropertyLeavesTheFailureToTheApplication() {
		this.runner.withPropertyValues("distlock.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockProblemDetailsExceptionHandler.class));
	}

	private static Lock hold(AssertableReactiveWebApplicationContext context, String key) {
		Lock holder = context.getBean(LockProvider.class).create(key);
		assertThat(holder.acquire()).isTrue();
		return holder;
	}

	private static WebTestClient client(AssertableReactiveWebApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context).build();
	}

}
