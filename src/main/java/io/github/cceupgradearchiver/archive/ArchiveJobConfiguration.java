package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.cce.CallPolicy;
import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.CloudCredentials;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The archive job: {@code archiveClustersStep} deals the run's clusters into partitions and runs
 * {@code archiveClusterStep} on {@link ApiProperties#workers()} of them at once (the API calls themselves are
 * limited to {@code archiver.api.concurrency} by {@link CallPolicy}); each chunk is one cluster: read its task
 * list, normalize it, write it in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveJobConfiguration {

    @Bean
    Job archiveJob(JobRepository jobRepository, Step archiveClustersStep, ArchiveRunListener archiveRunListener) {
        return new JobBuilder("archiveJob", jobRepository)
                .listener(archiveRunListener)
                .start(archiveClustersStep)
                .build();
    }

    @Bean
    Step archiveClustersStep(JobRepository jobRepository, ClusterPartitioner clusterPartitioner,
                             Step archiveClusterStep, ThreadPoolTaskExecutor clusterFetchExecutor,
                             ArchiverProperties properties) {
        return new StepBuilder("archiveClustersStep", jobRepository)
                .partitioner("archiveClusterStep", clusterPartitioner)
                .step(archiveClusterStep)
                .taskExecutor(clusterFetchExecutor)
                .gridSize(properties.api().workers())
                .build();
    }

    @Bean
    Step archiveClusterStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            ClusterTaskListReader clusterTaskListReader,
                            ClusterSnapshotProcessor clusterSnapshotProcessor,
                            UpgradeTaskWriter upgradeTaskWriter) {
        return new StepBuilder("archiveClusterStep", jobRepository)
                .<TaskListFetch, ClusterSnapshot>chunk(1)
                .reader(clusterTaskListReader)
                .processor(clusterSnapshotProcessor)
                .writer(upgradeTaskWriter)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    @JobScope
    ClusterPartitioner clusterPartitioner(
            @Value("#{jobExecutionContext['" + ArchiveRunListener.CLUSTERS + "']}") List<ClusterRef> clusters) {
        return new ClusterPartitioner(clusters);
    }

    @Bean
    @StepScope
    ClusterTaskListReader clusterTaskListReader(
            CceApi api, @Value("#{stepExecution}") StepExecution stepExecution, StopSignal stopSignal,
            @Value("#{jobExecutionContext['" + ArchiveRunListener.CLUSTERS + "']}") List<ClusterRef> clusters) {
        Map<String, ClusterRef> clustersById = clusters.stream()
                .collect(Collectors.toMap(ClusterRef::clusterId, Function.identity(), (first, second) -> first));
        return new ClusterTaskListReader(api, stepExecution, clustersById, stopSignal);
    }

    @Bean
    ClusterSnapshotProcessor clusterSnapshotProcessor(UpgradeTaskNormalizer upgradeTaskNormalizer,
                                                      ArchivedResponses archivedResponses) {
        return new ClusterSnapshotProcessor(upgradeTaskNormalizer, archivedResponses::last);
    }

    @Bean
    ArchivedResponses archivedResponses(JdbcClient jdbc) {
        return new ArchivedResponses(jdbc);
    }

    @Bean
    @StepScope
    UpgradeTaskWriter upgradeTaskWriter(JdbcClient jdbc, ArchivedResponses archivedResponses, Clock clock,
                                        ClusterOutcomeLog clusterOutcomeLog,
                                        @Value("#{jobExecutionContext['" + ArchiveRunListener.RUN_ID + "']}") Long runId) {
        return new UpgradeTaskWriter(jdbc, archivedResponses, clock, runId, clusterOutcomeLog::committed);
    }

    @Bean
    ThreadPoolTaskExecutor clusterFetchExecutor(ArchiverProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.api().workers());
        executor.setMaxPoolSize(properties.api().workers());
        executor.setThreadNamePrefix("fetch-");
        return executor;
    }

    @Bean
    ArchiveRunListener archiveRunListener(ClusterInventory inventory, ArchiveRuns runs, ClusterOutcomeLog log,
                                          ArchiveSealer sealer, Clock clock) {
        return new ArchiveRunListener(inventory, runs, log, sealer, clock);
    }

    @Bean
    ClusterInventory clusterInventory(ArchiverProperties properties, CceApi api) {
        return new ClusterInventory(properties, api);
    }

    @Bean
    ArchiveRuns archiveRuns(JdbcClient jdbc) {
        return new ArchiveRuns(jdbc);
    }

    @Bean
    ClusterOutcomeLog clusterOutcomeLog(Clock clock) {
        return new ClusterOutcomeLog(clock);
    }

    @Bean
    StopSignal stopSignal() {
        return new StopSignal();
    }

    @Bean
    CceApi cceApi(Environment environment, ArchiverProperties properties, StopSignal stopSignal, MeterRegistry meters,
                  Clock clock) {
        return new CceApi(() -> CloudCredentials.resolve(environment), properties.api(),
                new CallPolicy(properties.api(), stopSignal::requested, meters), clock);
    }

    @Bean
    ArchiveService archiveService(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob,
                                  ClusterInventory inventory, CceApi api, ArchiveRuns runs, ArchiveSealer sealer,
                                  DataSource dataSource, StopSignal stopSignal, Clock clock) {
        return new ArchiveService(jobOperator, jobRepository, archiveJob, inventory, api, runs, sealer, dataSource,
                stopSignal, clock);
    }
}
