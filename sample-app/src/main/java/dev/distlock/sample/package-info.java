/**
 * The distlock sample application: a seat-booking REST API that shows every way to use distlock.
 */
@NullMarked
package dev.distlock.sample;

import org.jspecify.annotations.NullMarked;
