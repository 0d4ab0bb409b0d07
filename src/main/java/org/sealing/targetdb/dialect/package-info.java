/**
 * The dialects of target databases ({@link org.sealing.targetdb.dialect.TargetDialect}): what differs
 * between PostgreSQL and MariaDB in connecting, session settings, reading the catalog, quoting and the
 * SQL that findings suggest, each engine one implementation chosen by a target's JDBC URL.
 */
package org.sealing.targetdb.dialect;
