package dev.distlock.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Every observation distlock makes, with its keys. Each observation becomes a timer of the same name (and a long
 * task timer named {@code <name>.active}) when Micrometer's meter handler is registered, and a span when a tracer
 * is.
 *
 * @since 0.1.0
 */
public enum LockObservation implements ObservationDocumentation {

	/**
	 * One lock operation ({@link dev.distlock.LockOperation}): an acquire (for a blocking one, the whole wait), a
	 * release, a force release, a refresh or a state read.
	 */
	LOCK_OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultLockObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

	};

	/**
	 * The keys of {@link #LOCK_OPERATION}; all are low cardinality, and all but {@link #KEY} are always present.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The provider's namespace, for example {@code lock}. */
		NAMESPACE {

			@Override
			public String asString() {
				return "distlock.namespace";
			}

		},

		/**
		 * The provider: {@code default}, or the name of one of {@code distlock.providers.*} ({@code LockProviders}).
		 */
		PROVIDER {

			@Override
			public String asString() {
				return "distlock.provider";
			}

		},

		/**
		 * What is locked: {@code lock}, {@code semaphore} (one of its slots) or {@code read-write-lock} (either
		 * half; the lock's name tells the methods apart); see {@link LockKinds}.
		 */
		KIND {

			@Override
			public String asString() {
				return "distlock.kind";
			}

		},

		/** The adapter: {@code memory}, {@code redis}, {@code no-op}, or another adapter's lower-case class name. */
		ADAPTER {

			@Override
			public String asString() {
				return "distlock.adapter";
			}

		},

		/**
		 * The operation: {@code acquire}, {@code acquire-blocking}, {@code release}, {@code force-release},
		 * {@code refresh} or {@code read-state}.
		 */
		OPERATION {

			@Override
			public String asString() {
				return "distlock.operation";
			}

		},

		/**
		 * How the operation ended: {@code acquired} or {@code unavailable} (acquires), or {@code skipped} (the acquire
		 * of a {@code @DistributedLock} call that skips its method when not acquired); {@code released} or
		 * {@code failed} (releases); {@code released} or {@code absent} (force releases); {@code refreshed} or
		 * {@code failed} (refreshes); {@code expired}, {@code unavailable} or {@code acquired} (state reads);
		 * {@code error} when it threw.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "distlock.outcome";
			}

		},

		/** Whether the operation is a blocking acquire, which waits: {@code true} or {@code false}. */
		BLOCKING {

			@Override
			public String asString() {
				return "distlock.blocking";
			}

		},

		/**
		 * The lock's {@linkplain dev.distlock.Lock#getName() name}: the annotated method for
		 * {@code @DistributedLock}, the name given in {@code LockSettings.withName}, or {@code none}.
		 */
		LOCK_NAME {

			@Override
			public String asString() {
				return "distlock.lock.name";
			}

		},

		/**
		 * The lock's key; only when switched on ({@code distlock.metrics.key-tag}), because keys are unbounded and
		 * every key makes new time series.
		 */
		KEY {

			@Override
			public String asString() {
				return "distlock.key";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		}

	}

}
