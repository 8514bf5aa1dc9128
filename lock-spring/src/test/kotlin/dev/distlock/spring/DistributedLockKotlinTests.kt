package dev.distlock.spring

import dev.distlock.LockProvider
import dev.distlock.spring.LockTestConfiguration.LockEvents
import dev.distlock.test.InstrumentedLockAdapter
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatExceptionOfType
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.springframework.context.annotation.AnnotationConfigApplicationContext
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.context.annotation.Import
import kotlinx.coroutines.reactor.awaitSingleOrNull
import reactor.core.publisher.Mono

/**
 * Kotlin callers' view of `@DistributedLock`: a `suspend fun` and a method returning a `Flow` hold their lock while
 * they are suspended or collected, and release it once they are done; nested suspend calls on the key reuse the hold;
 * a skipped suspend call returns `null`; an eagerly started `Deferred` is refused when the bean is created.
 */
class DistributedLockKotlinTests {

	private lateinit var context: AnnotationConfigApplicationContext

	private lateinit var orders: KotlinOrders

	private lateinit var provider: LockProvider

	private lateinit var events: LockEvents

	private lateinit var adapter: InstrumentedLockAdapter

	@BeforeEach
	fun start() {
		this.context = AnnotationConfigApplicationContext(Config::class.java)
		this.orders = this.context.getBean(KotlinOrders::class.java)
		this.provider = this.context.getBean(LockProvider::class.java)
		this.events = this.context.getBean(LockEvents::class.java)
		this.adapter = this.context.getBean(InstrumentedLockAdapter::class.java)
		this.orders.self = this.orders
	}

	@AfterEach
	fun stop() {
		this.context.close()
	}

	@Test
	fun aSuspendFunctionHoldsItsLockWhileSuspendedAndReleasesItAfter(): Unit = runBlocking<Unit> {
		val gate = CompletableDeferred<String>()
		val call = async { orders.ship(42, gate) }
		awaitLocked("orders:42")
		// Suspended on the gate: still held, so another caller is refused.
		assertThat(provider.create("orders:42").acquire()).isFalse()
		gate.complete("parcel")
		assertThat(withTimeout(10_000) { call.await() }).isEqualTo("shipped 42 in parcel")
		assertThat(provider.create("orders:42").isLocked).isFalse()
		assertThat(events.acquiredKeys()).containsExactly("orders:42")
		assertThat(events.releasedKeys()).containsExactly("orders:42")
	}

	@Test
	fun aSuspendFunctionSeesItsLockInTheReactorContext(): Unit = runBlocking<Unit> {
		assertThat(orders.currentKey(7)).isEqualTo("orders:7")
	}

	@Test
	fun aNestedSuspendCallOnTheSameKeyReusesTheHold(): Unit = runBlocking<Unit> {
		val before = adapter.acquireCalls()
		assertThat(orders.shipTwice(5)).isEqualTo("shipped 5 twice")
		assertThat(adapter.acquireCalls() - before).isEqualTo(1)
		assertThat(events.releasedKeys()).containsExactly("orders:5")
	}

	@Test
	fun aSkippedSuspendCallReturnsNull(): Unit = runBlocking<Unit> {
		val holder = provider.create("reports:9")
		assertThat(holder.acquire()).isTrue()
		try {
			assertThat(orders.report(9)).isNull()
		}
		finally {
			holder.release()
		}
		assertThat(orders.report(9)).isEqualTo("report 9")
	}

	@Test
	fun aSuspendFunctionWhoseKeyIsHeldFailsWithKeyAlreadyAcquired() {
		val holder = provider.create("orders:3")
		assertThat(holder.acquire()).isTrue()
		try {
			assertThatExceptionOfType(dev.distlock.KeyAlreadyAcquiredException::class.java)
				.isThrownBy { runBlocking { orders.ship(3, CompletableDeferred("never")) } }
		}
		finally {
			holder.release()
		}
	}

	@Test
	fun aFlowHoldsItsLockWhileCollectedAndReleasesItAfter(): Unit = runBlocking<Unit> {
		val gate = CompletableDeferred<Int>()
		val collected = async { orders.track(11, gate).toList() }
		awaitLocked("tracking:11")
		assertThat(provider.create("tracking:11").acquire()).isFalse()
		gate.complete(2)
		assertThat(withTimeout(10_000) { collected.await() }).containsExactly(1, 2)
		assertThat(provider.create("tracking:11").isLocked).isFalse()
		assertThat(events.releasedKeys()).containsExactly("tracking:11")
	}

	@Test
	fun aFlowIsNotLockedBeforeItIsCollected() {
		orders.track(12, CompletableDeferred(2))
		assertThat(events.acquiredKeys()).isEmpty()
	}

	@Test
	fun aMethodReturningADeferredIsRefusedAtStartup() {
		val failing = AnnotationConfigApplicationContext()
		failing.register(DeferredConfig::class.java)
		assertThatExceptionOfType(Exception::class.java).isThrownBy { failing.refresh() }
			.havingRootCause()
			.isInstanceOf(InvalidDistributedLockException::class.java)
			.withMessageContaining("startEarly")
			.withMessageContaining("Deferred")
	}

	@Test
	fun aSuspendFunctionReturningAFlowIsRefusedAtStartup() {
		val failing = AnnotationConfigApplicationContext()
		failing.register(SuspendFlowConfig::class.java)
		assertThatExceptionOfType(Exception::class.java).isThrownBy { failing.refresh() }
			.havingRootCause()
			.isInstanceOf(InvalidDistributedLockException::class.java)
			.withMessageContaining("events")
			.withMessageContaining("without suspend")
	}

	// Polls, as an Awaitility wait would, but without blocking the coroutine's thread.
	private suspend fun awaitLocked(key: String) {
		withTimeout(10_000) {
			while (!provider.create(key).isLocked) {
				kotlinx.coroutines.delay(5)
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration::class)
	open class Config {

		@Bean
		open fun kotlinOrders(): KotlinOrders = KotlinOrders()

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration::class)
	open class DeferredConfig {

		@Bean
		open fun eagerOrders(): EagerOrders = EagerOrders()

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration::class)
	open class SuspendFlowConfig {

		@Bean
		open fun suspendFlows(): SuspendFlows = SuspendFlows()

	}

	/** Open, as Spring's class-based proxies need (the kotlin-spring compiler plugin does this for users). */
	open class KotlinOrders {

		@DistributedLock(key = "'orders:' + #id")
		open suspend fun ship(id: Long, parcel: Deferred<String>): String = "shipped $id in ${parcel.await()}"

		@DistributedLock(key = "'orders:' + #id")
		open suspend fun currentKey(id: Long): String =
			Mono.deferContextual { context -> Mono.just(context.get<dev.distlock.Lock>(CurrentLock.CONTEXT_KEY).key) }
				.awaitSingleOrNull()!!

		@DistributedLock(key = "'orders:' + #id")
		open suspend fun shipTwice(id: Long): String {
			self!!.ship(id, CompletableDeferred("a"))
			self!!.ship(id, CompletableDeferred("b"))
			return "shipped $id twice"
		}

		@DistributedLock(key = "'reports:' + #id", ifNotAcquired = NotAcquired.SKIP)
		open suspend fun report(id: Long): String? = "report $id"

		@DistributedLock(key = "'tracking:' + #id")
		open fun track(id: Long, gate: Deferred<Int>): Flow<Int> = flow {
			emit(1)
			emit(gate.await())
		}

		// The proxy, for calls that go through the interceptor again.
		open var self: KotlinOrders? = null

	}

	open class EagerOrders {

		@OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class)
		@DistributedLock(key = "'eager'")
		open fun startEarly(): Deferred<String> = GlobalScope.async(start = CoroutineStart.DEFAULT) { "too early" }

	}

	open class SuspendFlows {

		@DistributedLock(key = "'events'")
		open suspend fun events(): Flow<Int> = flow { emit(1) }

	}

}
