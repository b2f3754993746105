/**
 * Test support shared by every feature's tests: the throwaway PostgreSQL database of a test run,
 * and helpers to reset it between tests.
 */
@NullMarked
package io.github.cceupgradearchiver.testsupport;

import org.jspecify.annotations.NullMarked;
