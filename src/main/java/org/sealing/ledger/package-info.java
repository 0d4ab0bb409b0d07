/**
 * The run's records and its figures: what a run planned, changed, failed, refused and left, target
 * by target and table by table. The stages (plan, apply, verify, report) record into it and read
 * from it; it knows no job and no command.
 */
package org.sealing.ledger;
