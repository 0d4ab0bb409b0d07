/**
 * Small types shared by every feature: the exceptions that the command line maps to exit codes, the
 * checks of settings, one-line failure messages, escaping of printed text, and the log encoder.
 */
package org.sealing.support;
