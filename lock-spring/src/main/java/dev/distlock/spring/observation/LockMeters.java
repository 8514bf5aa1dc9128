package dev.distlock.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters distlock registers besides those of its observations ({@link LockObservation}): those of
 * {@link HeldLocks}, bound by {@link HeldLocksMeterBinder}, and the count of lost locks, bound by
 * {@link LostLocksMeterBinder}.
 *
 * @since 0.1.0
 */
public enum LockMeters implements MeterDocumentation {

	/** Gauge: how many locks this instance holds now, as {@link HeldLocks} counts them. */
	HELD {

		@Override
		public String getName() {
			return "distlock.locks.held";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LockObservation.LowCardinalityKeyNames.NAMESPACE,
					LockObservation.LowCardinalityKeyNames.ADAPTER };
		}

	},

	/**
	 * Counter: how many acquires {@link HeldLocks} did not record because it tracked its maximum number of locks
	 * ({@code distlock.held-locks.max-size}) already; while it grows, {@link #HELD} and the {@code locks} endpoint show
	 * fewer locks than are held.
	 */
	HELD_OVERFLOW {

		@Override
		public String getName() {
			return "distlock.locks.held.overflow";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LockObservation.LowCardinalityKeyNames.NAMESPACE,
					LockObservation.LowCardinalityKeyNames.ADAPTER };
		}

	},

	/** Timer: how long locks were held, from acquire to release; recorded at release. */
	HOLD_TIME {

		@Override
		public String getName() {
			return "distlock.locks.held.duration";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LockObservation.LowCardinalityKeyNames.NAMESPACE,
					LockObservation.LowCardinalityKeyNames.ADAPTER, LockObservation.LowCardinalityKeyNames.LOCK_NAME };
		}

	},

	/**
	 * Counter: how many locks this instance found lost (expired, force released or taken over while held), by how
	 * the loss was found. Every increment is a {@link dev.distlock.event.LockLostEvent}: mutual exclusion may have
	 * been broken. Tagged with the key only when {@code distlock.metrics.key-tag} is on; never with the owner.
	 */
	LOST {

		@Override
		public String getName() {
			return "distlock.locks.lost";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LockObservation.LowCardinalityKeyNames.NAMESPACE,
					LockObservation.LowCardinalityKeyNames.ADAPTER, LockObservation.LowCardinalityKeyNames.LOCK_NAME,
					LostLockKeyNames.DETECTION, LockObservation.LowCardinalityKeyNames.KEY };
		}

	};

	/**
	 * The keys of {@link #LOST} besides those it shares with {@link LockObservation.LowCardinalityKeyNames}.
	 */
	public enum LostLockKeyNames implements KeyName {

		/**
		 * How the loss was found, {@link dev.distlock.event.LockLostEvent.Detection} as a tag value: {@code release},
		 * {@code refresh}, {@code renewal} or {@code renewal-failed}.
		 */
		DETECTION {

			@Override
			public String asString() {
				return "distlock.detection";
			}

		}

	}

}
