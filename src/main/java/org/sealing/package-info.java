/**
 * Sealing remediation: makes a police department's databases obey New York's sealing laws every
 * night, and proves it to the court. Each sub-package is one feature.
 */
package org.sealing;
