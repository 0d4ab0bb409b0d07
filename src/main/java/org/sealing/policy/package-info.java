/**
 * The policy: which outcome (destroy, seal, none) each statute gives each kind of record a table
 * holds; the built-in New York policy of SPEC section 7, or {@code jobs/policy.yml} in its place.
 */
package org.sealing.policy;
