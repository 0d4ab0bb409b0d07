/** Planning: finding, inside each target, the rows of sealed cases not yet remediated. */
package org.sealing.plan;
