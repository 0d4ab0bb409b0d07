/**
 * Target definitions: the files of {@code jobs/targets}, read with variable expansion and checked
 * key by key before anything connects to a target database.
 */
package org.sealing.catalog;
