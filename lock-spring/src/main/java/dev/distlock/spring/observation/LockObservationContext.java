package dev.distlock.spring.observation;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;
import dev.distlock.LockOperation;
import dev.distlock.LockProviders;
import io.micrometer.observation.Observation;

/**
 * What an observation of one lock operation knows: the operation, the lock, the adapter, and once it has run, its
 * result.
 *
 * @since 0.1.0
 */
public class LockObservationContext extends Observation.Context {

	private final LockOperation operation;

	private final Lock lock;

	private final String namespace;

	private final String adapter;

	private final String provider;

	private @Nullable Object result;

	private boolean skipping;

	private final String kind;

	/**
	 * Creates the context of one operation.
	 * @param operation the operation
	 * @param lock the lock it is performed on
	 * @param namespace the provider's namespace
	 * @param adapter the adapter's tag value, for example {@code redis}
	 */
	public LockObservationContext(LockOperation operation, Lock lock, String namespace, String adapter) {
		this(operation, lock, namespace, adapter, LockProviders.DEFAULT_NAME);
	}

	/**
	 * Creates the context of one operation of a named provider's lock.
	 * @param operation the operation
	 * @param lock the lock
	 * @param namespace the lock's namespace root
	 * @param adapter the adapter's tag value, for example {@code redis}
	 * @param provider the provider's name, {@code default} for the default one
	 */
	public LockObservationContext(LockOperation operation, Lock lock, String namespace, String adapter,
			String provider) {
		this(operation, lock, namespace, adapter, provider, LockKinds.LOCK);
	}

	/**
	 * Creates the context of one operation on a lock, a semaphore's slot or a read-write lock's half.
	 * @param operation the operation
	 * @param lock the lock, or the slot or half it is performed on
	 * @param namespace the namespace root
	 * @param adapter the adapter's tag value, for example {@code redis}
	 * @param provider the provider's name, {@code default} for the default one
	 * @param kind what is locked: {@link LockKinds#LOCK}, {@link LockKinds#SEMAPHORE} or
	 * {@link LockKinds#READ_WRITE_LOCK}
	 */
	public LockObservationContext(LockOperation operation, Lock lock, String namespace, String adapter,
			String provider, String kind) {
		this.kind = kind;
		this.provider = provider;
		this.operation = operation;
		this.lock = lock;
		this.namespace = namespace;
		this.adapter = adapter;
	}

	/**
	 * What is locked: a lock, a semaphore or a read-write lock.
	 * @return {@code lock}, {@code semaphore} or {@code read-write-lock}
	 */
	public String getKind() {
		return this.kind;
	}

	/**
	 * The operation observed.
	 * @return the operation
	 */
	public LockOperation getOperation() {
		return this.operation;
	}

	/**
	 * The lock the operation is performed on.
	 * @return the lock
	 */
	public Lock getLock() {
		return this.lock;
	}

	/**
	 * The namespace of the lock's provider.
	 * @return the namespace, for example {@code lock}
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * The provider's name, as a tag value.
	 * @return for example {@code default} or {@code jobs}
	 */
	public String getProvider() {
		return this.provider;
	}

	/**
	 * The adapter, as a tag value.
	 * @return for example {@code memory} or {@code redis}
	 */
	public String getAdapter() {
		return this.adapter;
	}

	/**
	 * What the operation returned.
	 * @return a {@link Boolean}, or a {@link dev.distlock.LockState} for state reads; {@code null} until the
	 * operation has returned, and when it threw
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

	/**
	 * Records what the operation returned.
	 * @param result the result
	 */
	public void setResult(@Nullable Object result) {
		this.result = result;
	}

	/**
	 * Tells whether this is the acquire of a {@code @DistributedLock} call that is skipped if the lock is not
	 * acquired ({@link SkippableAcquires}).
	 * @return whether a failed acquire skips its call
	 */
	public boolean isSkipping() {
		return this.skipping;
	}

	/**
	 * Sets whether a failed acquire skips its call.
	 * @param skipping whether it does
	 */
	public void setSkipping(boolean skipping) {
		this.skipping = skipping;
	}

}
