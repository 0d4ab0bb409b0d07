/**
 * Target databases: their connection pools, their live catalogs, the check of a target file against
 * its catalog ({@code targets check}), and the SQL that finds, purges and masks sealed rows, built
 * only from names the catalog confirmed and always quoted.
 */
package org.sealing.targetdb;
