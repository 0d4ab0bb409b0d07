/**
 * Target databases: their connection pools, their failures (unreachable, locked, transient), and the
 * SQL that finds, purges and masks sealed rows, built only from names the live catalog confirmed
 * ({@link org.sealing.targetdb.ResolvedTarget}) and always quoted: identifier quoting lives here only.
 * The check of a target file against its catalog is the catalog's ({@code org.sealing.catalog.check}).
 */
package org.sealing.targetdb;
