package org.sealing.register;

import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import org.sealing.SealingProperties;
import org.sealing.job.ExecutionLivenessListener;

/**
 * The {@code import} job: stream every line of an import's files through validation into the
 * register in chunks (restartable from the last committed chunk), then sum up the outcome.
 * Its only parameter is the import's id; the files are recorded under it in the control database.
 */
@Configuration(proxyBeanMethods = false)
class ImportJobConfiguration {

    static final String JOB_NAME = "import";
    static final String IMPORT_ID = "import.id";

    @Bean
    Job importJob(JobRepository jobRepository, Step importFeedStep, Step importSummaryStep,
            ExecutionLivenessListener liveness) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(liveness)
                .start(importFeedStep)
                .next(importSummaryStep)
                .build();
    }

    @Bean
    Step importFeedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FeedLineReader feedLineReader, FeedLineValidator feedLineValidator, RegisterWriter registerWriter,
            SealingProperties properties) {
        return new StepBuilder("importFeed", jobRepository)
                .<FeedRecord, FeedLine>chunk(properties.importing().chunkSize())
                .transactionManager(transactionManager)
                .reader(feedLineReader)
                .processor(feedLineValidator)
                .writer(registerWriter)
                .build();
    }

    @Bean
    Step importSummaryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ImportFiles importFiles, Inbox inbox) {
        return new StepBuilder("importSummary", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Long importId = chunkContext.getStepContext().getStepExecution().getJobParameters()
                            .getLong(IMPORT_ID);
                    if (importId != null && importId > 0) {
                        importFiles.complete(importId);
                        inbox.archive(importId);
                    }
                    return null;
                }, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    FeedLineReader feedLineReader(ImportFiles importFiles, @Value("#{jobParameters['import.id']}") Long importId) {
        return new FeedLineReader(importFiles.files(importId));
    }

    @Bean
    FeedLineValidator feedLineValidator(Clock clock) {
        return new FeedLineValidator(clock);
    }

    @Bean
    @StepScope
    RegisterWriter registerWriter(JdbcTemplate jdbc, @Value("#{jobParameters['import.id']}") Long importId) {
        return new RegisterWriter(jdbc, importId);
    }
}
