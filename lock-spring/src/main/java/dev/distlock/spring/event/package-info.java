/**
 * Lock events as Spring application events: {@link dev.distlock.spring.event.LockApplicationEventBridge} publishes
 * every {@link dev.distlock.event.LockEvent} record through the application context, so that
 * {@code @EventListener} and {@code @TransactionalEventListener} methods receive them.
 */
@NullMarked
package dev.distlock.spring.event;

import org.jspecify.annotations.NullMarked;
