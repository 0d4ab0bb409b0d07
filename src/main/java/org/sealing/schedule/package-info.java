/**
 * Scheduling: the Quartz schedules in the control database, the job a schedule fires, and the serve
 * process with its health and metrics endpoint.
 */
package org.sealing.schedule;
