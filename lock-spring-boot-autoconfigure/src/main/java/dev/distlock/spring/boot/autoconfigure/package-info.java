/**
 * Spring Boot auto-configuration for distlock: the {@link dev.distlock.LockProvider}, its adapter chosen by
 * {@code distlock.adapter}, and {@link dev.distlock.spring.DistributedLock @DistributedLock} support, all configured by
 * {@link dev.distlock.spring.boot.autoconfigure.DistlockProperties distlock.*} properties.
 */
@NullMarked
package dev.distlock.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
