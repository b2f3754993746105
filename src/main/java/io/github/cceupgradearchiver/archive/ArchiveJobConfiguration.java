package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CallPolicy;
import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.StopSignal;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import java.time.Clock;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The archive job: {@code archiveClustersStep} deals the run's clusters into partitions and runs
 * {@code archiveClusterStep} on {@link ApiProperties#workers()} of them at once (the API calls themselves are
 * limited to {@code archiver.api.concurrency} by {@link CallPolicy}); each chunk is one cluster: read its task
 * list, normalize it, write it in one transaction. The run's plan (its clusters, typed) comes from
 * {@link ArchivePlans}, named by the job parameter {@value ArchivePlans#RUN_ID}.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveJobConfiguration {

    private static final String RUN_ID = "#{jobParameters['" + ArchivePlans.RUN_ID + "']}";

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
                            ClusterFetchReader clusterFetchReader,
                            ClusterSnapshotProcessor clusterSnapshotProcessor,
                            ClusterSnapshotWriter clusterSnapshotWriter) {
        return new StepBuilder("archiveClusterStep", jobRepository)
                .<ClusterFetch, ClusterSnapshot>chunk(1)
                .reader(clusterFetchReader)
                .processor(clusterSnapshotProcessor)
                .writer(clusterSnapshotWriter)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    @JobScope
    ClusterPartitioner clusterPartitioner(@Value(RUN_ID) Long runId, ArchivePlans plans) {
        return new ClusterPartitioner(plans.get(runId).toFetch());
    }

    @Bean
    @StepScope
    ClusterFetchReader clusterFetchReader(CceApi api, @Value("#{stepExecution}") StepExecution stepExecution,
                                          @Value(RUN_ID) Long runId, ArchivePlans plans,
                                          ArchivedResponses archivedResponses, StopSignal stopSignal) {
        return new ClusterFetchReader(api, stepExecution, plans.get(runId), archivedResponses, stopSignal);
    }

    @Bean
    ClusterSnapshotProcessor clusterSnapshotProcessor(UpgradeTaskNormalizer upgradeTaskNormalizer,
                                                      EvidenceNormalizer evidenceNormalizer) {
        return new ClusterSnapshotProcessor(upgradeTaskNormalizer, evidenceNormalizer);
    }

    @Bean
    @StepScope
    ClusterSnapshotWriter clusterSnapshotWriter(JdbcClient jdbc, PlatformTransactionManager transactionManager,
                                                ArchivedResponses archivedResponses, ClusterFetches clusterFetches,
                                                Clock clock, ClusterOutcomeLog clusterOutcomeLog,
                                                @Value(RUN_ID) Long runId) {
        TransactionTemplate savepoint = new TransactionTemplate(transactionManager);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new ClusterSnapshotWriter(jdbc, savepoint, archivedResponses, clusterFetches, clock, runId,
                clusterOutcomeLog::committed);
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
    ArchivedResponses archivedResponses(JdbcClient jdbc) {
        return new ArchivedResponses(jdbc);
    }

    @Bean
    ClusterFetches clusterFetches(JdbcClient jdbc) {
        return new ClusterFetches(jdbc);
    }

    @Bean
    ArchivePlans archivePlans() {
        return new ArchivePlans();
    }

    @Bean
    ArchiveRunListener archiveRunListener(ArchivePlans plans, ArchiveRuns runs, ClusterFetches fetches,
                                          ClusterOutcomeLog log, ArchiveSealer sealer, Clock clock) {
        return new ArchiveRunListener(plans, runs, fetches, log, sealer, clock);
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
    ArchiveService archiveService(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob,
                                  ClusterInventory inventory, CceApi api, ArchiveRuns runs, ArchivePlans plans,
                                  ArchiveSealer sealer, DataSource dataSource, StopSignal stopSignal,
                                  ApplicationEventPublisher events, Clock clock) {
        return new ArchiveService(jobOperator, jobRepository, archiveJob, inventory, api, runs, plans, sealer,
                dataSource, stopSignal, events, clock);
    }
}
