package dev.distlock.spring;

import java.lang.annotation.Annotation;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.distlock.LockMode;

/**
 * What an annotated call holds while it runs: a lock ({@link DistributedLock @DistributedLock}), a semaphore's slot
 * ({@link DistributedSemaphore @DistributedSemaphore}) or one half of a read-write lock
 * ({@link DistributedReadWriteLock @DistributedReadWriteLock}). Each kind has its own provider and storage, so a hold
 * of one kind never stands in for another's, whatever their keys.
 *
 * @param annotation the annotation type
 * @param limit the semaphore's limit, 0 for the other kinds
 * @param mode the read-write lock's half, {@code null} for the other kinds
 */
record LeaseKind(Class<? extends Annotation> annotation, int limit, @Nullable LockMode mode) {

	/** The kind of {@code @DistributedLock}. */
	static final LeaseKind LOCK = new LeaseKind(DistributedLock.class, 0, null);

	/** The annotation types, in the order they are looked for. */
	static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(DistributedLock.class,
			DistributedSemaphore.class, DistributedReadWriteLock.class);

	static LeaseKind semaphore(int limit) {
		return new LeaseKind(DistributedSemaphore.class, limit, null);
	}

	static LeaseKind readWrite(LockMode mode) {
		return new LeaseKind(DistributedReadWriteLock.class, 0, mode);
	}

	boolean isLock() {
		return this.annotation == DistributedLock.class;
	}

	boolean isSemaphore() {
		return this.annotation == DistributedSemaphore.class;
	}

	/**
	 * The annotation's name, for messages.
	 * @return for example {@code "@DistributedSemaphore"}
	 */
	String annotationName() {
		return name(this.annotation);
	}

	static String name(Class<? extends Annotation> annotation) {
		return "@" + annotation.getSimpleName();
	}

}
