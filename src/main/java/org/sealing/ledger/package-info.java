/**
 * The run's records and its figures: what a run planned, changed, failed, refused and left, target
 * by target and table by table. The stages (plan, apply, verify, report) record into it and read
 * from it; it knows no job and no command. Its figures come from one query ({@link
 * org.sealing.ledger.TargetFiguresQuery}) that status, the workbook and the metrics all read, and the
 * states and verdicts it records are enums here, their names the values in the control database.
 * It also keeps the hash-chained ledger ({@link org.sealing.ledger.LedgerChain}): each change, and
 * later each restore and opening, appended as an entry whose hash covers the previous one.
 */
package org.sealing.ledger;
