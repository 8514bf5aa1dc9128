package dev.distlock.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters distlock registers besides those of its observations ({@link LockObservation}): they come from
 * {@link HeldLocks}, bound by {@link HeldLocksMeterBinder}.
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

	}

}
