/** Verification: searching the targets again and counting what is left. */
package org.sealing.verify;
