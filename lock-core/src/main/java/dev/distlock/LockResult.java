package dev.distlock;

import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * What {@code run} and {@code runBlocking} did: ran the function under the lock and got its value (which may be
 * {@code null}), or did not get the lock and so did not run it.
 *
 * @param <T> the function's value type
 * @since 0.1.0
 */
public sealed interface LockResult<T extends @Nullable Object> permits LockResult.Acquired, LockResult.NotAcquired {

	/**
	 * The result of a function that ran under the lock.
	 * @param <T> the value type
	 * @param value what the function returned, {@code null} included
	 * @return the result
	 */
	static <T extends @Nullable Object> LockResult<T> acquired(T value) {
		return new Acquired<>(value);
	}

	/**
	 * The result when the lock was not acquired and the function did not run.
	 * @param <T> the value type
	 * @return the result
	 */
	static <T extends @Nullable Object> LockResult<T> notAcquired() {
		return new NotAcquired<>();
	}

	/**
	 * Tells whether the lock was acquired and the function ran.
	 * @return {@code true} for {@link Acquired}
	 */
	boolean isAcquired();

	/**
	 * The function's value, or {@code other} if the lock was not acquired.
	 * @param other the fallback
	 * @return the value or the fallback
	 */
	T orElse(T other);

	/**
	 * The function's value.
	 * @return the value, {@code null} if the function returned {@code null}
	 * @throws NoSuchElementException if the lock was not acquired
	 */
	T orElseThrow();

	/**
	 * The lock was acquired and the function ran.
	 *
	 * @param <T> the value type
	 * @param value what the function returned, {@code null} included
	 */
	record Acquired<T extends @Nullable Object>(T value) implements LockResult<T> {

		@Override
		public boolean isAcquired() {
			return true;
		}

		@Override
		public T orElse(T other) {
			return this.value;
		}

		@Override
		public T orElseThrow() {
			return this.value;
		}

	}

	/**
	 * The lock was not acquired; the function did not run.
	 *
	 * @param <T> the value type
	 */
	record NotAcquired<T extends @Nullable Object>() implements LockResult<T> {

		@Override
		public boolean isAcquired() {
			return false;
		}

		@Override
		public T orElse(T other) {
			return other;
		}

		@Override
		public T orElseThrow() {
			throw new NoSuchElementException("The lock was not acquired, so the function did not run");
		}

	}

}
