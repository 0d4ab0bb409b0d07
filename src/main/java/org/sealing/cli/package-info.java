/**
 * The {@code sealctl} command line: one picocli command per SPEC section 3 command, the global
 * options, the exit codes and the JSON outputs.
 */
package org.sealing.cli;
