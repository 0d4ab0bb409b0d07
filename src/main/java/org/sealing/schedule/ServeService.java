package org.sealing.schedule;

import java.nio.file.Path;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import org.sealing.SealingProperties;
import org.sealing.job.GracefulStop;

/**
 * {@code sealctl serve}: runs the clustered Quartz scheduler until SIGTERM, with its health and
 * metrics endpoint. On SIGTERM no further schedule fires here, a running execution stops at its next
 * chunk boundary (STOPPED, restartable), and the process ends with exit code 0.
 */
@Service
public class ServeService {

    private static final Logger log = LoggerFactory.getLogger(ServeService.class);

    private final Scheduler scheduler;
    private final org.springframework.scheduling.quartz.SchedulerFactoryBean schedulerFactory;
    private final Schedules schedules;
    private final MetricsServer metrics;
    private final GracefulStop stop;
    private final SealingProperties properties;

    public ServeService(Scheduler scheduler, org.springframework.scheduling.quartz.SchedulerFactoryBean schedulerFactory,
            Schedules schedules, MetricsServer metrics, GracefulStop stop, SealingProperties properties) {
        this.scheduler = scheduler;
        this.schedulerFactory = schedulerFactory;
        this.schedules = schedules;
        this.metrics = metrics;
        this.stop = stop;
        this.properties = properties;
    }

    public int serve(Path configDir) throws Exception {
        // the endpoint's port first: a node that cannot listen (a second serve on this host) must fail
        // before it changes the schedules or joins the cluster
        metrics.start();
        try {
            stop.install(true);
            if (schedules.isEmpty()) {
                // a first node of a new control database starts from schedules.yml (or nightly at 02:00)
                schedules.apply(configDir);
            }
            // from now on the application's own close (a shutdown serve does not see, SIGHUP say) waits for the runs
            // the scheduler started too, as the finally below does
            schedulerFactory.setWaitForJobsToCompleteOnShutdown(true);
            scheduler.start();
        } catch (Exception e) {
            metrics.stop();
            throw e;
        }
        log.info("serve: scheduler {} started (instance {}); SIGTERM stops it", scheduler.getSchedulerName(),
                scheduler.getSchedulerInstanceId());
        try {
            stop.await();
            log.info("serve: stopping: no further schedule fires here");
            scheduler.standby();
            stop.stopRunning();
            long deadline = System.currentTimeMillis() + properties.serve().stopWaitSeconds() * 1000L;
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            // the scheduler waits here for the runs it started, however serve ends (in every other command it never
            // starts, and the application's close does not wait for it: that only waited for its idle threads)
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                log.warn("serve: the scheduler did not shut down cleanly: {}", e.getMessage());
            }
            metrics.stop();
        }
        log.info("serve: stopped");
        return 0;
    }
}
