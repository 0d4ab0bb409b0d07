/**
 * Remediation runs: the nightly, remediate and verify jobs assembled per target from the target
 * files, their definitions recorded at start and resumed on restart.
 */
package org.sealing.run;
