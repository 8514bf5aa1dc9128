package dev.distlock.spring.jackson;

import java.util.function.Supplier;

import tools.jackson.core.Version;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleSerializers;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockHandle;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreHandle;
import dev.distlock.codec.LeaseJson;

/**
 * A Jackson 3 module that lets a {@link Lock} travel in JSON: any lock is written as its {@link LockHandle}, and a
 * {@code Lock} is read back as a live lock of the given {@link LockProvider}, which may release, refresh or inspect
 * what the sender acquired. {@code LockHandle} values are written and read in the same form.
 *
 * <pre>{@code
 * record ShipOrder(String orderId, Lock lock) {}
 *
 * JsonMapper jsonMapper = JsonMapper.builder().addModule(new LockJacksonModule(lockProvider)).build();
 * String json = jsonMapper.writeValueAsString(new ShipOrder("42", lock));
 * // {"orderId":"42","lock":{"namespace":"lock","key":"orders:42","owner":"…","ttl":"PT5M","token":17}}
 * ShipOrder order = jsonMapper.readValue(json, ShipOrder.class);   // in the other process
 * order.lock().release();
 * }</pre>
 *
 * <p>No type ids are written or needed: the declared type {@code Lock} or {@code LockHandle} says what to read.
 * Reading is strict: a handle must have the fields {@code namespace}, {@code key}, {@code owner} (strings) and
 * {@code ttl} (an ISO-8601 duration such as {@code "PT30S"}, or {@code null} for a lock that never expires), and may
 * have {@code token}, the {@linkplain Lock#getFencingToken() fencing token} (a positive JSON number, written only when
 * the lock holds one, so that handles written before tokens existed still read); every value is checked as the API
 * checks it ({@link LockHandle}'s constructor: not blank, well-formed Unicode, at most
 * {@link LockProvider#MAX_KEY_LENGTH}, {@link LockProvider#MAX_OWNER_LENGTH} and
 * {@link dev.distlock.Namespace#MAX_ROOT_LENGTH} characters, a TTL positive and at most 100 years); a {@code Lock}
 * must be of the provider's namespace. Well-formed JSON that is no such handle fails with a
 * {@link tools.jackson.databind.exc.MismatchedInputException} naming the field, whose message quotes a bad value at
 * most as its first 32 characters and never the owner; input that is not JSON at all (truncated, say) fails as
 * Jackson fails for any type, with a {@link tools.jackson.core.exc.StreamReadException}. The form, its checks and
 * their messages are lock-core's {@link dev.distlock.codec.LockJson}, the same the Redis event bus uses.
 *
 * <p>A {@link Semaphore} and a {@link ReadWriteLock} are written as their handles too, in core's
 * {@link dev.distlock.codec.LeaseJson} forms (a lock handle's fields with {@code limit}, or with {@code readToken} and
 * {@code writeToken} in place of {@code token}); {@link SemaphoreHandle} and {@link ReadWriteLockHandle} are read as
 * strictly as a lock handle, and turned back into live objects with {@code SemaphoreProvider.restore} and
 * {@code ReadWriteLockProvider.restore}.
 *
 * <p>The Spring Boot starter registers this module with the application's {@code JsonMapper}.
 */
public final class LockJacksonModule extends JacksonModule {

	/** The module's name: {@value}. */
	public static final String NAME = "distlock";

	private final Supplier<LockProviders> lockProviders;

	/**
	 * Creates the module for a provider that exists already.
	 * @param lockProvider the provider that restores the locks read
	 * @throws IllegalArgumentException if {@code lockProvider} is {@code null}
	 */
	public LockJacksonModule(LockProvider lockProvider) {
		this(supplierOf(lockProvider));
	}

	/**
	 * Creates the module for a provider looked up when the first lock is read, for example from a dependency
	 * injection container where the provider itself depends on the JSON mapper.
	 * @param lockProvider supplies the provider that restores the locks read; asked on every read, so it should be
	 * cheap
	 * @throws IllegalArgumentException if {@code lockProvider} is {@code null}
	 */
	public LockJacksonModule(Supplier<? extends LockProvider> lockProvider) {
		if (lockProvider == null) {
			throw new IllegalArgumentException("lockProvider must not be null");
		}
		this.lockProviders = () -> LockProviders.builder()
			.provider(LockProviders.DEFAULT_NAME, lockProvider.get())
			.build();
	}

	private LockJacksonModule(Providers lockProviders) {
		this.lockProviders = lockProviders::get;
	}

	/**
	 * Creates the module for several providers: a lock read is restored by the provider of its handle's namespace,
	 * and a handle of no provider's namespace is refused, never bound to another provider's adapter.
	 * @param lockProviders the providers, looked up on every read, so the lookup should be cheap
	 * @return the module
	 * @throws IllegalArgumentException if {@code lockProviders} is {@code null}
	 */
	public static LockJacksonModule forProviders(Supplier<LockProviders> lockProviders) {
		if (lockProviders == null) {
			throw new IllegalArgumentException("lockProviders must not be null");
		}
		return new LockJacksonModule(lockProviders::get);
	}

	@Override
	public String getModuleName() {
		return NAME;
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		SimpleSerializers serializers = new SimpleSerializers();
		// Registered for the interface: every implementation, whatever its class, is written as a handle.
		serializers.addSerializer(Lock.class, new LockSerializer());
		serializers.addSerializer(LockHandle.class, new LockHandleSerializer());
		serializers.addSerializer(Semaphore.class,
				new HandleFormSerializer<>(Semaphore.class, (semaphore) -> LeaseJson.fields(semaphore.toHandle())));
		serializers.addSerializer(SemaphoreHandle.class,
				new HandleFormSerializer<>(SemaphoreHandle.class, LeaseJson::fields));
		serializers.addSerializer(ReadWriteLock.class,
				new HandleFormSerializer<>(ReadWriteLock.class, (lock) -> LeaseJson.fields(lock.toHandle())));
		serializers.addSerializer(ReadWriteLockHandle.class,
				new HandleFormSerializer<>(ReadWriteLockHandle.class, LeaseJson::fields));
		context.addSerializers(serializers);
		SimpleDeserializers deserializers = new SimpleDeserializers();
		deserializers.addDeserializer(Lock.class, new LockDeserializer(this.lockProviders));
		deserializers.addDeserializer(LockHandle.class, new LockHandleDeserializer());
		deserializers.addDeserializer(SemaphoreHandle.class, new HandleFormDeserializer<>(SemaphoreHandle.class,
				LeaseJson::readSemaphoreHandle, "a semaphore handle", LeaseJson.SEMAPHORE_HANDLE_FIELDS));
		deserializers.addDeserializer(ReadWriteLockHandle.class,
				new HandleFormDeserializer<>(ReadWriteLockHandle.class, LeaseJson::readReadWriteLockHandle,
						"a read-write lock handle", LeaseJson.READ_WRITE_LOCK_HANDLE_FIELDS));
		context.addDeserializers(deserializers);
	}

	private static Supplier<LockProvider> supplierOf(LockProvider lockProvider) {
		if (lockProvider == null) {
			throw new IllegalArgumentException("lockProvider must not be null");
		}
		return () -> lockProvider;
	}

	// Apart from Supplier, so that the constructors' erasures differ.
	@FunctionalInterface
	private interface Providers {

		LockProviders get();

	}

}
