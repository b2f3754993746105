package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.history.Verification;
import java.util.Map;

/** One report rendered in every format, with what it covers and the integrity verdict it states. */
public record RenderedReports(Map<ReportFormat, byte[]> content, int clusters, int upgrades, Verification verification) {

    public RenderedReports {
        content = Map.copyOf(content);
    }
}
