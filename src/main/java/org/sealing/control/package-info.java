/**
 * The control database: the embedded PostgreSQL under {@code .sealing/} or an external one, its
 * connection pool, and the HMAC key of row references.
 */
package org.sealing.control;
