/** The benchmark of SPEC section 10: naive, product and limit on copies of one world. */
package org.sealing.bench;
