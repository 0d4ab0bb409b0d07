/**
 * The check of target files against the live catalogs of their databases ({@code targets check},
 * and before every run): one class per family of checks, and the resolution of a target without
 * errors into the names the SQL of {@code targetdb} is built from.
 */
package org.sealing.catalog.check;
