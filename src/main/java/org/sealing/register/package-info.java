/**
 * The register of sealing orders: the court feed's format and rules, the inspection that refuses
 * unreadable files, and the restartable {@code import} job that brings feed lines into the register.
 */
package org.sealing.register;
