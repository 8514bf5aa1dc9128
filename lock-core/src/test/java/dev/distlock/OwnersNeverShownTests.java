package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * An owner is its lock's credential: whoever knows key and owner can restore the lock and release it. The core never
 * writes one into a {@code toString}, an exception's message (causes and suppressed ones included) or a log line, at
 * any level; where it has to say whose lock it is, it shows the owner's fingerprint. The owners here are random and
 * distinctive, so that finding one in a text can only mean it was written there.
 */
class OwnersNeverShownTests {

	private final SwitchableAdapter adapter = new SwitchableAdapter();

	private final List<Lock> locks = new ArrayList<>();

	private final List<LockProvider> providers = new ArrayList<>();

	private final CapturedLines lines = new CapturedLines();

	private final Logger distlockLogger = (Logger) LoggerFactory.getLogger("dev.distlock");

	private final Logger busLogger = (Logger) LoggerFactory.getLogger("dev.distlock.event.LocalLockEventBus");

	private @Nullable Level busLevel;

	@BeforeEach
	void captureEveryLevel() {
		// Everything distlock logs, down to TRACE, into this test alone; the bus's configured ERROR is lifted too.
		this.busLevel = this.busLogger.getLevel();
		this.busLogger.setLevel(null);
		this.distlockLogger.setLevel(Level.TRACE);
		this.distlockLogger.setAdditive(false);
		this.lines.setContext(this.distlockLogger.getLoggerContext());
		this.lines.start();
		this.distlockLogger.addAppender(this.lines);
	}

	@AfterEach
	void stopCapturing() {
		this.providers.forEach(LockProvider::close);
		this.distlockLogger.detachAppender(this.lines);
		this.lines.stop();
		this.distlockLogger.setAdditive(true);
		this.distlockLogger.setLevel(null);
		this.busLogger.setLevel(this.busLevel);
	}

	@Test
	void everyEventTypeShowsTheOwnersFingerprintAndNeverTheOwner() {
		LockProvider provider = provider(LockProvider.builder(this.adapter));
		List<LockEvent> events = new CopyOnWriteArrayList<>();
		provider.addListener(events::add);
		Lock lock = lock(provider, "orders:1", LockSettings.defaults());
		Lock other = lock(provider, "orders:1", LockSettings.defaults());
		Lock forever = lock(provider, "orders:2", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(lock.acquire()).isTrue();
		assertThat(other.acquire()).isFalse();
		assertThat(lock.refresh()).isTrue();
		assertThat(forever.refresh()).isFalse();
		assertThat(other.forceRelease()).isTrue();
		// Released by another: this release finds the key free, so the lock was lost.
		assertThat(lock.release()).isFalse();
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();
		this.adapter.failing = true;
		assertThatExceptionOfType(LockBackendException.class).isThrownBy(other::acquire);
		this.adapter.failing = false;

		assertThat(events.stream().map(Object::getClass).collect(Collectors.toSet()))
			.as("every kind of event, so that none is left unchecked")
			.containsExactlyInAnyOrderElementsOf(Arrays.asList(LockEvent.class.getPermittedSubclasses()));
		assertThat(events).allSatisfy((event) -> assertThat(event.toString()).startsWith(
				event.getClass().getSimpleName() + "[key=" + event.lock().getKey() + ", ownerFingerprint="
						+ OwnerFingerprint.of(event.lock().getOwner()) + ", origin=" + provider.getInstanceId()));
		assertThat(events).filteredOn(LockLostEvent.class::isInstance)
			.singleElement()
			.satisfies((lost) -> assertThat(lost.toString()).endsWith("detection=RELEASE]"));
		assertThat(events).filteredOn(LockUnexpectedErrorEvent.class::isInstance)
			.singleElement()
			.satisfies((failed) -> assertThat(failed.toString()).contains("error=java.lang.IllegalStateException"));
		assertShowNoOwner(events.stream().map(Object::toString).toList());
	}

	@Test
	void theLockItsStateHandleAndHolderShowNoOwner() {
		LockProvider provider = provider(LockProvider.builder(this.adapter));
		Lock lock = lock(provider, "orders:3", LockSettings.defaults());
		Lock other = lock(provider, "orders:3", LockSettings.defaults());
		lock.acquire();
		LockState unavailable = other.getState();
		LockHolder holder = this.adapter.memory.state(provider.getNamespace().qualify("orders:3")).orElseThrow();

		assertThat(lock.getOwnerFingerprint()).isEqualTo(OwnerFingerprint.of(lock.getOwner()));
		assertThat(lock).hasToString("Lock[key=orders:3, ownerFingerprint=" + OwnerFingerprint.of(lock.getOwner())
				+ ", ttl=" + provider.getDefaultExpiry() + "]");
		assertThat(unavailable).isEqualTo(new LockState.Unavailable(lock.getOwner()))
			.hasToString("Unavailable[ownerFingerprint=" + OwnerFingerprint.of(lock.getOwner()) + "]");
		// The API still hands the owner to whoever asks for it in code.
		assertThat(((LockState.Unavailable) unavailable).owner()).isEqualTo(lock.getOwner());
		assertShowNoOwner(List.of(lock.toString(), other.toString(), unavailable.toString(), lock.toHandle().toString(),
				holder.toString(), new Refresh("k", lock.getOwner(), 1, Duration.ofSeconds(1)).toString(),
				lock.getState().toString()));
	}

	@Test
	void exceptionMessagesNameTheKeyAndNeverTheOwner() {
		LockProvider provider = provider(LockProvider.builder(this.adapter));
		Lock lock = lock(provider, "orders:4", LockSettings.defaults());
		Lock other = lock(provider, "orders:4", LockSettings.defaults());
		Lock forever = lock(provider, "orders:5", LockSettings.defaults().withExpiry(Expiry.never()));
		List<Throwable> thrown = new ArrayList<>();
		lock.acquire();
		thrown.add(catchThrown(other::acquireOrFail, KeyAlreadyAcquiredException.class));
		thrown.add(catchThrown(() -> other.acquireBlockingOrFail(BlockingSettings.of(Duration.ZERO,
				Duration.ofMillis(1))), KeyAlreadyAcquiredException.class));
		thrown.add(catchThrown(other::releaseOrFail, UnownedReleaseException.class));
		thrown.add(catchThrown(other::refreshOrFail, UnownedRefreshException.class));
		thrown.add(catchThrown(() -> other.refreshOrFail(Duration.ofSeconds(5)), UnownedRefreshException.class));
		thrown.add(catchThrown(forever::refreshOrFail, UnownedRefreshException.class));
		lock.release();
		// Lost while the work ran: another took the key over.
		thrown.add(catchThrown(() -> lock.runOrFail(() -> {
			other.forceRelease();
			other.acquire();
			return "done";
		}), LockLostException.class));
		other.release();
		// Lost, and the work failed too: the work's failure rides along as the cause.
		LockedRunnable<RuntimeException> failingWork = () -> {
			other.forceRelease();
			throw new IllegalStateException("work failed");
		};
		thrown.add(catchThrown(() -> lock.runOrFail(failingWork), LockLostException.class));
		this.adapter.failing = true;
		thrown.add(catchThrown(lock::acquire, LockBackendException.class));
		thrown.add(catchThrown(lock::release, LockBackendException.class));
		thrown.add(catchThrown(lock::getState, LockBackendException.class));
		this.adapter.failing = false;
		assertThat(lock.acquire()).isTrue();
		Thread.currentThread().interrupt();
		thrown.add(catchThrown(() -> other.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(5),
				Duration.ofMillis(100))), LockInterruptedException.class));
		Thread.interrupted();

		assertThat(thrown).allSatisfy((ex) -> assertThat(((LockException) ex).getKey()).startsWith("orders:"));
		assertThat(thrown).filteredOn(UnownedReleaseException.class::isInstance)
			.singleElement()
			.satisfies((ex) -> assertThat(((UnownedReleaseException) ex).getOwner()).isEqualTo(other.getOwner()));
		assertShowNoOwner(thrown.stream().map(OwnersNeverShownTests::stackTrace).toList());
	}

	@Test
	void logLinesAtEveryLevelNeverNameTheOwner() {
		LockProvider provider = provider(LockProvider.builder(this.adapter)
			.releaseErrorPolicy(ReleaseErrorPolicy.LOG)
			.lostLockPolicy(LostLockPolicy.NOTIFY));
		provider.addListener((event) -> {
			throw new IllegalStateException("listener bug");
		});
		// A failing listener is logged with its event.
		Lock lock = lock(provider, "orders:6", LockSettings.defaults());
		lock.acquire();
		// A lost lock is a warning.
		lock(provider, "orders:6", LockSettings.defaults()).forceRelease();
		lock.release();
		// A release that fails after the work is a warning; for a lock without expiry it is retried in the
		// background, and every failed retry is logged at DEBUG with its cause.
		Lock forever = lock(provider, "orders:7", LockSettings.defaults().withExpiry(Expiry.never()));
		forever.run(() -> {
			this.adapter.failing = true;
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.lines.texts().stream().anyMatch((line) -> line.contains("Background")));
		// A failed acquire is undone in the background, logged the same way.
		Lock undone = lock(provider, "orders:8", LockSettings.defaults());
		assertThatExceptionOfType(LockBackendException.class).isThrownBy(undone::acquire);
		this.adapter.failing = false;
		String foreverKey = provider.getNamespace().qualify("orders:7");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.memory.state(foreverKey).isEmpty());

		assertThat(this.lines.texts()).anySatisfy((line) -> assertThat(line)
			.contains("Lock event listener")
			.contains("ownerFingerprint=" + OwnerFingerprint.of(lock.getOwner())));
		assertThat(this.lines.texts()).anySatisfy((line) -> assertThat(line).contains("was lost"));
		assertThat(this.lines.texts()).anySatisfy((line) -> assertThat(line).contains("could not be released"));
		assertShowNoOwner(this.lines.texts());
	}

	@Test
	void renewalFailuresAndTheLossTheyEndInAreLoggedWithoutTheOwner() {
		LockProvider provider = provider(LockProvider.builder(this.adapter)
			.defaultRenewal(true)
			.lostLockPolicy(LostLockPolicy.NOTIFY));
		Lock lock = lock(provider, "orders:9", LockSettings.defaults().withTtl(Duration.ofMillis(300)));
		assertThat(lock.acquire()).isTrue();
		this.adapter.failing = true;
		await().atMost(Duration.ofSeconds(10)).until(lock::isLost);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.lines.texts().stream().anyMatch((line) -> line.contains("Renewing")));
		this.adapter.failing = false;
		lock.release();

		assertShowNoOwner(this.lines.texts());
	}

	@Test
	void theFingerprintIsShortStableAndDistinct() {
		String owner = UUID.randomUUID().toString();
		assertThat(OwnerFingerprint.of(owner)).matches("[0-9a-f]{16}")
			.isEqualTo(OwnerFingerprint.of(owner))
			.isNotEqualTo(OwnerFingerprint.of(owner + "x"))
			.doesNotContain(owner.substring(0, 8));
		assertThatIllegalArgumentException().isThrownBy(() -> OwnerFingerprint.of(null)).withMessageContaining("owner");
	}

	private LockProvider provider(LockProvider.Builder builder) {
		// Owners nobody could mistake for anything else in a text.
		LockProvider provider = builder.ownerGenerator(() -> "owner-" + UUID.randomUUID()).build();
		this.providers.add(provider);
		return provider;
	}

	private Lock lock(LockProvider provider, String key, LockSettings settings) {
		Lock lock = provider.create(key, settings);
		this.locks.add(lock);
		return lock;
	}

	private void assertShowNoOwner(List<String> texts) {
		Set<String> owners = new HashSet<>();
		this.locks.forEach((lock) -> owners.add(lock.getOwner()));
		assertThat(texts).isNotEmpty();
		assertThat(owners).isNotEmpty();
		for (String text : texts) {
			for (String owner : owners) {
				assertThat(text).as("a text distlock wrote").doesNotContain(owner);
			}
		}
	}

	private static Throwable catchThrown(Runnable call, Class<? extends LockException> type) {
		try {
			call.run();
		}
		catch (LockException ex) {
			assertThat(ex).isInstanceOf(type);
			return ex;
		}
		throw new AssertionError("Expected " + type.getSimpleName());
	}

	// The whole of what a logger prints for an exception: message, causes, suppressed ones.
	private static String stackTrace(Throwable ex) {
		StringWriter text = new StringWriter();
		ex.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	/** Every line distlock logs, as an appender would print it, stack trace included. */
	private static final class CapturedLines extends AppenderBase<ILoggingEvent> {

		private final List<String> texts = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			String throwable = (event.getThrowableProxy() != null)
					? ThrowableProxyUtil.asString(event.getThrowableProxy()) : "";
			this.texts.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage() + "\n"
					+ throwable);
		}

		List<String> texts() {
			return List.copyOf(this.texts);
		}

	}

	/** The memory adapter, with a switch that makes every call fail as an unreachable backend does. */
	private static final class SwitchableAdapter implements LockAdapter {

		final MemoryLockAdapter memory = new MemoryLockAdapter();

		volatile boolean failing;

		private void failIfSwitched() {
			if (this.failing) {
				// As the adapter contract demands, the backend's message names no owner.
				throw new IllegalStateException("Command timed out after 2 second(s)");
			}
		}

		@Override
		public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
			failIfSwitched();
			return this.memory.acquire(key, owner, ttl, attempt);
		}

		@Override
		public boolean undoAcquire(String key, String owner, long attempt) {
			failIfSwitched();
			return this.memory.undoAcquire(key, owner, attempt);
		}

		@Override
		public UpdateResult release(String key, String owner, long token) {
			failIfSwitched();
			return this.memory.release(key, owner, token);
		}

		@Override
		public boolean forceRelease(String key) {
			failIfSwitched();
			return this.memory.forceRelease(key);
		}

		@Override
		public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
			failIfSwitched();
			return this.memory.refresh(key, owner, token, ttl);
		}

		@Override
		public Optional<LockHolder> state(String key) {
			failIfSwitched();
			return this.memory.state(key);
		}

	}

}
