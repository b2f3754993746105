package io.github.cceupgradearchiver.evidence;

import java.util.List;

/** What {@code verify --bundle} found in a pack. */
public sealed interface PackVerdict {

    /** Every check passed; {@code details} says what was checked, the signatures above all. */
    record Intact(long revisions, long seals, String headDigest, List<String> details) implements PackVerdict {
    }

    /** The first thing found altered: a file, a revision, a seal, a signature. */
    record Altered(String damage) implements PackVerdict {
    }

    /** The file is no evidence pack at all (not a zip, no manifest). */
    record Unreadable(String problem) implements PackVerdict {
    }
}
