/**
 * Auto-configuration of distlock's Actuator support: the {@code locks} endpoint and the {@code distlock} health
 * indicator.
 */
@NullMarked
package dev.distlock.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
