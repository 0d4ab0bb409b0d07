/**
 * Small types shared by every feature: the exceptions that the command line maps to exit codes.
 */
package org.sealing.support;
