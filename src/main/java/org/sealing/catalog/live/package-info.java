/**
 * The live catalog of a target database: the tables, columns, indexes, foreign keys and privileges
 * that {@code pg_catalog} reports for the tables a target file names. It knows no SQL of remediation
 * (that is {@code targetdb}'s), so the SQL builder can use its columns without a cycle.
 */
package org.sealing.catalog.live;
