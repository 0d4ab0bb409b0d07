/**
 * The run's records and its figures: what a run planned, changed, failed, refused and left, target
 * by target and table by table. The stages (plan, apply, verify, report) record into it and read
 * from it; it knows no job and no command. Its figures come from one query ({@link
 * org.sealing.ledger.TargetFiguresQuery}) that status, the workbook and the metrics all read, and the
 * states and verdicts it records are enums here, their names the values in the control database.
 */
package org.sealing.ledger;
