/**
 * HTTP answers for lock failures in Spring MVC and WebFlux applications: a lock held elsewhere is a 409 Conflict, a
 * failed lock backend a 503 Service Unavailable, each as an RFC 9457 problem detail.
 */
@NullMarked
package dev.distlock.spring.web;

import org.jspecify.annotations.NullMarked;
