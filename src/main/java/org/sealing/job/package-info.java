/**
 * Running Spring Batch jobs the way operators need: one execution of a job at a time across every
 * process on a control database, live and dead executions told apart, restart and stop.
 */
package org.sealing.job;
