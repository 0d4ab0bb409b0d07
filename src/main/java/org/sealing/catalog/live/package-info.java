/**
 * The live catalog of a target database: the tables, columns, indexes, foreign keys and privileges
 * that its catalog reports for the tables a target file names, the same for every engine (each
 * dialect of {@code org.sealing.targetdb.dialect} reads its own catalog into it). It knows no SQL of
 * remediation (that is {@code targetdb}'s), so the SQL builder can use its columns without a cycle.
 */
package org.sealing.catalog.live;
