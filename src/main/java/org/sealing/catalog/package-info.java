/**
 * Target definitions: the files of {@code jobs/targets}, read with variable expansion and checked
 * key by key before anything connects to a target database. Their check against the live catalog of
 * each database is in the sub-packages {@code live} (what the database has) and {@code check}.
 */
package org.sealing.catalog;
