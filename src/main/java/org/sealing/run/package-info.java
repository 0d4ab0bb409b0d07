/**
 * Remediation runs: the nightly, remediate and verify jobs assembled per target from the target
 * files, their figures and verdict across restarts.
 */
package org.sealing.run;
