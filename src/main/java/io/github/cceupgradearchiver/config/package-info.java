/**
 * The validated archiver.* configuration tree and the cloud credentials.
 * A bad value fails at start-up with a message naming the key.
 */
@NullMarked
package io.github.cceupgradearchiver.config;

import org.jspecify.annotations.NullMarked;
