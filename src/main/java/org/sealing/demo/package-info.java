/**
 * The demo: a seeded synthetic world of fourteen target databases drawn from real public records,
 * its court feed, and the nightly run over it.
 */
package org.sealing.demo;
