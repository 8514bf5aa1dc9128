/**
 * Declarative locking for Spring: {@link dev.distlock.spring.DistributedLock @DistributedLock} on a bean method runs
 * it while holding a lock from the application's {@link dev.distlock.LockProvider}.
 *
 * <p>Spring Boot applications get everything from the starter; other applications add
 * {@link dev.distlock.spring.EnableDistributedLocks @EnableDistributedLocks} and a {@code LockProvider} bean.
 */
@NullMarked
package dev.distlock.spring;

import org.jspecify.annotations.NullMarked;
