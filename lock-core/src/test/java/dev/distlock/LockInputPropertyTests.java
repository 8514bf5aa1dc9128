package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

import dev.distlock.adapter.MemoryLockAdapter;

/**
 * Every path that makes a lock (create, create from parts, restore, a handle's constructor) checks keys, owners and
 * namespaces up front: well-formed, not blank of any kind, within the limits; its messages quote at most a short
 * prefix of a key and never an owner. And a lock travels through a handle, in Java serialization too, and comes back
 * the same, whatever its namespace, key and owner.
 */
class LockInputPropertyTests {

	private static final MemoryLockAdapter ADAPTER = new MemoryLockAdapter();

	private static final List<LockProvider> PROVIDERS = new ArrayList<>();

	@AfterContainer
	static void closeProviders() {
		PROVIDERS.forEach(LockProvider::close);
	}

	@Property(tries = 300)
	void aLockTravelsThroughItsHandleAndComesBackTheSame(@ForAll("namespaces") Namespace namespace,
			@ForAll("keys") String key, @ForAll("owners") String owner, @ForAll boolean noExpiry) throws Exception {
		LockProvider sender = provider(namespace);
		LockSettings settings = LockSettings.defaults().withOwner(owner);
		Lock lock = sender.create(key, noExpiry ? settings.withExpiry(Expiry.never()) : settings.withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		LockHandle handle = lock.toHandle();
		assertThat(handle).isEqualTo(new LockHandle(namespace.root(), key, owner,
				noExpiry ? Expiry.never() : Expiry.after(Duration.ofMinutes(1)), lock.getFencingToken().orElseThrow()));
		LockHandle travelled = serialized(handle);
		assertThat(travelled).isEqualTo(handle);
		Lock restored = provider(namespace).restore(travelled);
		assertThat(restored.getKey()).isEqualTo(key);
		assertThat(restored.getOwner()).isEqualTo(owner);
		assertThat(restored.getExpiry()).isEqualTo(lock.getExpiry());
		assertThat(restored.getFencingToken()).isEqualTo(lock.getFencingToken());
		assertThat(restored.toHandle()).isEqualTo(handle);
		// The restored lock is the holder on the backend: the very key, nothing near it.
		assertThat(ADAPTER.state(namespace.qualify(key))).hasValueSatisfying(
				(holder) -> assertThat(holder.owner()).isEqualTo(owner));
		assertThat(restored.release()).isTrue();
		assertThat(lock.isExpired()).isTrue();
	}

	@Property(tries = 200)
	void keyPartsAndOwnerPartsAreJoinedWithTheDelimiter(@ForAll("namespaces") Namespace namespace,
			@ForAll("keyParts") List<String> keyParts, @ForAll("ownerParts") List<String> ownerParts) {
		Lock lock = provider(namespace).create(keyParts, LockSettings.defaults().withOwner(ownerParts));
		assertThat(lock.getKey()).isEqualTo(String.join(namespace.delimiter(), keyParts));
		assertThat(lock.getOwner()).isEqualTo(String.join(namespace.delimiter(), ownerParts));
	}

	@Property
	void aLoneSurrogateIsRefusedOnEveryPathNamingTheArgument(@ForAll("keys") String text,
			@ForAll @IntRange(max = 64) int at, @ForAll @CharRange(from = '\uD800', to = '\uDFFF') char surrogate) {
		String broken = LockInputs.withLoneSurrogate(text, at, surrogate);
		refusedEverywhere(broken, "must be well-formed Unicode, but has a lone surrogate");
	}

	@Property
	void blankOfEveryKindIsRefusedOnEveryPath(@ForAll("blanks") String blank) {
		refusedEverywhere(blank, "must not be null or blank");
	}

	@Property(tries = 200)
	void keysLongerThanTheLimitAreRefusedQuotingAShortPrefix(@ForAll("keys") String start,
			@ForAll @IntRange(min = 1, max = 100_000) int over) {
		// The length is checked first, so a pair split by the cut does not matter.
		String tooLong = (start + "k".repeat(LockProvider.MAX_KEY_LENGTH)).substring(0, LockProvider.MAX_KEY_LENGTH)
				+ "k".repeat(over);
		String expected = "key must be at most 1024 characters, was " + tooLong.length() + ": '";
		List<Runnable> paths = List.of(() -> provider(Namespace.DEFAULT).create(tooLong),
				() -> new LockHandle("lock", tooLong, "owner", Expiry.never()));
		for (Runnable path : paths) {
			assertThatIllegalArgumentException().isThrownBy(path::run)
				.withMessageStartingWith(expected)
				.satisfies((ex) -> assertQuotesAShortPrefix(ex.getMessage()));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> provider(Namespace.DEFAULT).create(List.of(tooLong)))
			.withMessageStartingWith("keyParts[0] must be at most 1024 characters");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> provider(Namespace.DEFAULT).create(List.of("k".repeat(600), "k".repeat(600))))
			.withMessage("keyParts must be at most 1024 characters when joined, was more");
	}

	@Property(tries = 200)
	void ownersLongerThanTheLimitAreRefusedWithoutAWordOfThem(@ForAll("owners") String start,
			@ForAll @IntRange(min = 1, max = 10_000) int over) {
		String owner = "secret-" + start + "o".repeat(LockProvider.MAX_OWNER_LENGTH + over);
		List<Consumer<String>> paths = List.of((o) -> LockSettings.defaults().withOwner(o),
				(o) -> LockSettings.defaults().withOwner(List.of(o)),
				(o) -> LockSettings.defaults().withOwner(List.of(o.substring(0, 200), o.substring(200))),
				(o) -> new LockHandle("lock", "k", o, Expiry.never()),
				(o) -> LockProvider.builder(ADAPTER).ownerGenerator(() -> o).build().create("k"));
		for (Consumer<String> path : paths) {
			assertThat(catchMessage(() -> path.accept(owner))).contains("at most 256 characters")
				.doesNotContain("secret-");
		}
	}

	@Property(tries = 300)
	void noMessageAboutAnOwnerShowsAnyOfIt(@ForAll("owners") String owner, @ForAll @IntRange(max = 16) int at,
			@ForAll @CharRange(from = '\uD800', to = '\uDFFF') char surrogate) {
		String broken = "secret-" + LockInputs.withLoneSurrogate(owner, at, surrogate);
		String message = catchMessage(() -> new LockHandle("lock", "k", broken, Expiry.never()));
		assertThat(message).startsWith("owner must be well-formed Unicode, but has a lone surrogate at index")
			.doesNotContain("secret-")
			.doesNotContain(String.format("%04X", (int) surrogate));
	}

	@Property(tries = 200)
	void namespacesLongerThanTheLimitAreRefused(@ForAll @IntRange(min = 1, max = 10_000) int over) {
		String root = "n".repeat(Namespace.MAX_ROOT_LENGTH + over);
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(root))
			.withMessage("namespace must be at most 256 characters, was " + root.length() + ": '" + "n".repeat(32)
					+ "'…");
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle(root, "k", "owner", Expiry.never()))
			.withMessageStartingWith("namespace must be at most 256 characters");
	}

	@Property
	void aBlockingIntervalIsAtLeastOneMillisecond(@ForAll @LongRange(min = 1, max = 999_999) long nanos,
			@ForAll @LongRange(min = 1, max = 1_000_000_000) long millis) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BlockingSettings.of(Duration.ZERO, Duration.ofNanos(nanos)))
			.withMessage("interval must be at least 1 ms, was " + Duration.ofNanos(nanos));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BlockingSettings.DEFAULTS.withInterval(Duration.ofNanos(nanos)))
			.withMessageStartingWith("interval must be at least 1 ms");
		assertThat(BlockingSettings.of(Duration.ZERO, Duration.ofMillis(millis)).interval())
			.isEqualTo(Duration.ofMillis(millis));
	}

	@Example
	void theLimitsThemselvesAreAllowed() {
		String key = "k".repeat(LockProvider.MAX_KEY_LENGTH);
		String owner = "o".repeat(LockProvider.MAX_OWNER_LENGTH);
		String root = "n".repeat(Namespace.MAX_ROOT_LENGTH);
		Lock lock = provider(Namespace.of(root)).create(key, LockSettings.defaults().withOwner(owner));
		assertThat(lock.toHandle()).isEqualTo(new LockHandle(root, key, owner, lock.getExpiry()));
		assertThat(BlockingSettings.MIN_INTERVAL).isEqualTo(Duration.ofMillis(1));
		assertThat(BlockingSettings.DEFAULTS.withInterval(Duration.ofMillis(1)).interval())
			.isEqualTo(BlockingSettings.MIN_INTERVAL);
	}

	@Example
	void aHandleNamingTheMarkerOrAnotherNamespaceIsRefusedQuotingAShortPrefix() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("lock:_rt", "k", "owner", Expiry.never()))
			.withMessage("namespace must not contain the root marker '_rt', was 'lock:_rt'");
		String other = "billing-" + "x".repeat(200);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> provider(Namespace.DEFAULT).restore(new LockHandle(other, "k", "owner", Expiry.never())))
			.withMessage("handle.namespace '" + other.substring(0, 32) + "'… does not match this provider's "
					+ "namespace 'lock'");
	}

	@Example
	void anOwnerGeneratorThatReturnsNothingUsableIsTheGeneratorsFault() {
		assertThat(catchThrowable(() -> LockProvider.builder(ADAPTER).ownerGenerator(() -> "\u00A0").build()
			.create("k"))).isInstanceOf(IllegalStateException.class)
			.hasMessage("The owner generator returned an owner that cannot be used: owner must not be null or blank");
	}

	// Every path that takes the value as a key, key part, owner, owner part or namespace (part) refuses it,
	// naming the argument.
	private void refusedEverywhere(String value, String problem) {
		LockProvider provider = provider(Namespace.DEFAULT);
		assertRefused(() -> provider.create(value), "key " + problem);
		assertRefused(() -> provider.create(List.of("a", value)), "keyParts[1] " + problem);
		assertRefused(() -> LockSettings.defaults().withOwner(value), "owner " + problem);
		assertRefused(() -> LockSettings.defaults().withOwner(List.of("a", value)), "owner[1] " + problem);
		assertRefused(() -> Namespace.of(value), "namespace " + problem);
		assertRefused(() -> Namespace.of(List.of("a", value)), "namespace[1] " + problem);
		assertRefused(() -> new LockHandle(value, "k", "owner", Expiry.never()), "namespace " + problem);
		assertRefused(() -> new LockHandle("lock", value, "owner", Expiry.never()), "key " + problem);
		assertRefused(() -> new LockHandle("lock", "k", value, Expiry.never()), "owner " + problem);
		assertRefused(() -> LockSettings.defaults().withName(value), "name " + problem);
	}

	private static void assertRefused(Runnable path, String messageStart) {
		assertThatIllegalArgumentException().isThrownBy(path::run).withMessageStartingWith(messageStart);
	}

	private static void assertQuotesAShortPrefix(String message) {
		assertThat(message).endsWith("'…");
		String quoted = message.substring(message.indexOf(": '") + 3, message.length() - 2);
		// At most 32 characters of the value, each written as at most six (a \\uXXXX escape).
		assertThat(quoted.length()).isLessThanOrEqualTo(Arguments.QUOTED_PREFIX * 6);
	}

	private static String catchMessage(Runnable call) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class);
		return thrown.getMessage();
	}

	private static Throwable catchThrowable(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("expected an exception");
	}

	private static LockProvider provider(Namespace namespace) {
		LockProvider provider = LockProvider.builder(ADAPTER).namespace(namespace).build();
		synchronized (PROVIDERS) {
			PROVIDERS.add(provider);
		}
		return provider;
	}

	private static LockHandle serialized(LockHandle handle) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(handle);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (LockHandle) in.readObject();
		}
	}

	@Provide
	Arbitrary<Namespace> namespaces() {
		return LockInputs.delimiters()
			.flatMap((d) -> LockInputs.texts(1, 10)
				.filter((part) -> !part.contains(d) && !part.contains(Namespace.ROOT_MARKER))
				.list()
				.ofMinSize(1)
				.ofMaxSize(3)
				.map((parts) -> new Namespace(parts, d)));
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.oneOf(LockInputs.texts(1, 40),
				Combinators.combine(LockInputs.texts(1, 8), LockInputs.texts(1, 8))
					.as((a, b) -> a + Namespace.ROOT_MARKER + ":" + b));
	}

	@Provide
	Arbitrary<String> owners() {
		return LockInputs.texts(1, 24);
	}

	@Provide
	Arbitrary<List<String>> keyParts() {
		return LockInputs.texts(1, 8).list().ofMinSize(1).ofMaxSize(4);
	}

	@Provide
	Arbitrary<List<String>> ownerParts() {
		return LockInputs.texts(1, 8).list().ofMinSize(1).ofMaxSize(4);
	}

	@Provide
	Arbitrary<String> blanks() {
		return LockInputs.blanks();
	}

}
