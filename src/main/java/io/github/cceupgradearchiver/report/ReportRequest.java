package io.github.cceupgradearchiver.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One report to write.
 *
 * @param clusterIds the clusters to report on; empty for every cluster the archive knows
 * @param generator  the program and version that writes it, printed in the report's scope
 */
public record ReportRequest(ReportPeriod period, List<String> clusterIds, ReportFormat format, Path output,
                            String generator) {

    public ReportRequest {
        clusterIds = List.copyOf(clusterIds);
    }
}
