package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.archive.ArchiveLockedException;
import io.github.cceupgradearchiver.archive.ArchiveService;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.VerifyRuns;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The archive of {@link ReportFleet}, built before each test class by the real archive job (two runs over HTTP,
 * every request signed and checked) plus the March 2024 run history. The test classes share one Spring context.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeededArchive {

    static final ReportFleet FLEET = new ReportFleet();
    static final CceApiSimulator API = CceApiSimulator.start(FLEET,
            new SimulatorOptions(0, Map.of(ReportFleet.AK, ReportFleet.SK), Duration.ZERO, FaultOptions.none()));

    @Autowired
    ArchiveService archive;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ArchiveVerifier verifier;

    @Autowired
    VerifyRuns verifyRuns;

    @DynamicPropertySource
    static void archiverProperties(DynamicPropertyRegistry registry) {
        registry.add("archiver.api.endpoint", API::endpoint);
        registry.add("CLOUD_SDK_AK", () -> ReportFleet.AK);
        registry.add("CLOUD_SDK_SK", () -> ReportFleet.SK);
        List<String> ids = ReportFleet.CLUSTERS.keySet().stream().sorted().toList();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            registry.add("archiver.clusters[" + i + "].project-id", () -> ReportFleet.PROJECT);
            registry.add("archiver.clusters[" + i + "].region", () -> "cn-north-4");
            registry.add("archiver.clusters[" + i + "].cluster-id", () -> id);
            registry.add("archiver.clusters[" + i + "].name", () -> ReportFleet.CLUSTERS.get(id));
        }
    }

    @BeforeAll
    void archiveTheFleetTwice() throws Exception {
        ArchiveDatabase.reset();
        FLEET.round(1);
        archiveOnce();
        FLEET.round(2);
        archiveOnce();
        jdbc.sql(ReportFleet.HISTORY).update();
        assertThat(verifyRuns.record(verifier.verify())).as("verify_run, for the dashboards").isEmpty();
    }

    /**
     * One archive run. The previous run's lock connection is closed, but PostgreSQL frees its advisory lock only
     * once the backend has processed the disconnect, so a run started right after may still find it held.
     */
    private void archiveOnce() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                archive.archive();
                return;
            } catch (ArchiveLockedException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
