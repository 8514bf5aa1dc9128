/**
 * Distributed locks: {@link dev.distlock.LockProvider} creates {@link dev.distlock.Lock}s,
 * {@link dev.distlock.LockListenable} lets you watch what happens to them.
 *
 * <p>Start with {@link dev.distlock.LockProvider#builder(dev.distlock.adapter.LockAdapter)}.
 */
@NullMarked
package dev.distlock;

import org.jspecify.annotations.NullMarked;
