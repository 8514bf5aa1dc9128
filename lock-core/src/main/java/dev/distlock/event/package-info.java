/**
 * Lock events: one record per thing that can happen to a lock, and the {@link dev.distlock.event.LockEventBus}
 * SPI that carries them to listeners.
 */
@NullMarked
package dev.distlock.event;

import org.jspecify.annotations.NullMarked;
