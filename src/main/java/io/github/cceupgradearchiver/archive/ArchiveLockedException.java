package io.github.cceupgradearchiver.archive;

/** Another archive run holds the archive lock; this one wrote nothing. */
public final class ArchiveLockedException extends RuntimeException {

    ArchiveLockedException(String holder) {
        super("another archive run holds the archive lock: " + holder + "; this run wrote nothing");
    }
}
