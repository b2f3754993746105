package io.github.cceupgradearchiver.config;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one validator of what identifies a cluster, for configured and discovered clusters alike. Ids and regions go
 * into signed request paths and host names, so they are held to what the cloud issues: nothing that could add a path
 * segment ({@code ../}), a query ({@code ?}), a fragment ({@code #}) or a template ({@code {project_id}}). Names are
 * labels in logs and reports: printable, one line, bounded.
 */
public final class CloudIds {

    /** A project or cluster id. */
    public static final String ID = "[0-9A-Za-z][0-9A-Za-z-]{0,63}";
    /** A region such as cn-north-4. */
    public static final String REGION = "[a-z]{2}(-[a-z]+)+-[0-9]+";
    /** The name of one of archiver.accounts: it is shown in logs and stored with every fetch. */
    public static final String ACCOUNT = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
    /** A cluster name: up to 128 characters, no control, format or unassigned characters, no line separators. */
    public static final String NAME = "[^\\p{C}\\p{Zl}\\p{Zp}]{1,128}";

    private static final Pattern ID_PATTERN = Pattern.compile(ID);
    private static final Pattern REGION_PATTERN = Pattern.compile(REGION);
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);

    private CloudIds() {
    }

    /** Why {@code id} is not a valid project or cluster id, or empty. */
    public static Optional<String> idProblem(@Nullable String id) {
        return id != null && ID_PATTERN.matcher(id).matches() ? Optional.empty()
                : Optional.of("is not an id: 1 to 64 letters, digits and hyphens, starting with a letter or digit");
    }

    /** Why {@code region} is not a valid region, or empty. */
    public static Optional<String> regionProblem(@Nullable String region) {
        return region != null && REGION_PATTERN.matcher(region).matches() ? Optional.empty()
                : Optional.of("is not a region such as cn-north-4");
    }

    /** Why {@code name} is not a valid cluster name, or empty; no name at all is valid. */
    public static Optional<String> nameProblem(@Nullable String name) {
        return name == null || NAME_PATTERN.matcher(name).matches() ? Optional.empty()
                : Optional.of("is not a name: 1 to 128 characters, none of them a control character");
    }
}
