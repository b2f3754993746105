package io.github.cceupgradearchiver.cce;

/** The one shape of "could not parse" in this package: a value, or the reason there is none. No exception for control flow. */
public sealed interface ParseResult<T> {

    record Parsed<T>(T value) implements ParseResult<T> {
    }

    record Unreadable<T>(String reason) implements ParseResult<T> {
    }
}
