/**
 * Auto-configuration of distlock's HTTP answers to lock failures, for Spring MVC and WebFlux applications.
 */
@NullMarked
package dev.distlock.spring.boot.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
