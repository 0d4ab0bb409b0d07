package org.sealing.report;

import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.policy.Policy;

/**
 * The Methodology sheet: how rows are found, the policy the run applied (statute by statute), the
 * strategies, what verification and the spot checks prove, how the figures and files can be checked, and
 * what is out of scope. One line per statement, so that a monitor can cite each.
 */
final class MethodologySheet {

    private final Styles styles;
    private final String heading;

    MethodologySheet(Styles styles, String heading) {
        this.styles = styles;
        this.heading = heading;
    }

    void write(Workbook workbook, FrozenFigures f, Policy policy) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Methodology"), styles, heading,
                SheetWriter.Column.text("Topic", 26), SheetWriter.Column.text("Statement", 120));
        sheet.row("Sealed cases", "The register holds the court's sealing orders, imported from its feeds. A case is"
                + " active when its order seals (order type SEAL) and its effective date (or else its disposition"
                + " date) has come by the run's day (" + f.asOf() + "); an order the court reverses (UNSEAL) is"
                + " no longer active and its sealed rows are restored.");
        sheet.row("How rows are found", "Each target file (jobs/targets/NAME.yml) names the tables of one database,"
                + " their keys, and how their rows belong to a case: by arrest number, by NYSID with the arrest"
                + " date, or by docket number, each compared after normalising both sides (upper case, letters and"
                + " digits only), or through the rows of a parent table already matched. Every row of an active"
                + " case not yet in its remediated state is planned, once, under one case.");
        for (String statute : Policy.statutes()) {
            StringBuilder outcomes = new StringBuilder();
            for (String kind : policy.kinds()) {
                outcomes.append(outcomes.length() == 0 ? "" : "; ").append(kind).append(": ")
                        .append(policy.outcome(statute, kind).word());
            }
            sheet.row("Policy, CPL " + statute, outcomes + (policy.builtIn() ? " (the built-in New York policy)"
                    : " (the policy file " + f.policy().name() + ")"));
        }
        sheet.row("Outcomes", "destroy: the row is purged or masked and nothing of it is kept. seal: the same,"
                + " after the whole original row is kept in the vault, encrypted (AES-256-GCM), for the statute's"
                + " recipients (each opening is on the Access sheet) and to restore it if the order is reversed."
                + " none: the row is left as it is.");
        sheet.row("Strategies", "purge: the row is deleted (children before parents). mask: each named column is"
                + " overwritten (null; redact: [SEALED]; hash: HMAC-SHA256 of the value; year-only: January 1 of"
                + " the year; constant: a given text) and the sealed flag, if any, is set. Both skip rows already"
                + " remediated, so applying twice changes nothing the second time.");
        sheet.row("Verification", "After the changes every target is searched again with the same match rules;"
                + " what they still find is the residual. Residual 0 proves that the rules find nothing left; it"
                + " cannot see rows the rules do not describe.");
        sheet.row("Spot checks", "A random sample of the rows the run changed is re-read in its target by the"
                + " row's key alone, outside the match rules: a purged row must be gone, a masked row must hold"
                + " every mask and its sealed flag, a sealed row must have its copy in the vault. With 59 rows all"
                + " passing, fewer than 5% of the rows can have failed, at 95% confidence (1 - 0.05^(1/n)).");
        FrozenFigures.SpotChecks s = f.spotChecks();
        sheet.row("Spot checks of this run", EvidenceMath.confidenceStatement(s) + ". The sample is the "
                + s.checks().size() + " changed rows of run " + f.runId() + " whose md5('" + s.seed()
                + ":' || plan_id) sorts first; anyone with the control database can draw it again.");
        sheet.row("Compliance rate", "Rows remediated / (rows remediated + residual). Rows in scope are the"
                + " rows remediated plus the residual: what the run had to deal with.");
        sheet.row("Timeliness", "For each case this run remediated: the days from its effective date to the day"
                + " (court time) the last target holding its rows was verified. A case is open while a row of it"
                + " failed, was refused or not applied, or a target holding it was not verified.");
        sheet.row("Fixed figures", "The figures of an execution are fixed when it ends (the Summary's Figures"
                + " fixed at): sealctl report writes a new version of its evidence from them, beside the earlier"
                + " ones, never over one, and every version shows the same figures.");
        sheet.row("Checking the files", "sha256sum -c on the .sha256 file beside this workbook checks the workbook"
                + " and the ledger export. The ledger export has one line per row changed or restored, with the"
                + " hash of the hash-chained ledger entry covering it; sealctl audit verify walks the chain,"
                + " recomputing every link and every entry's digest of its rows.");
        sheet.row("Privacy", "Nothing in the workbook or the ledger export identifies a person: cases are named"
                + " by order_id, rows by the HMAC of target, table and key; no name, date of birth, NYSID, arrest"
                + " or docket number, or raw key.");
        sheet.row("Out of scope", "Backups and archives of the targets, paper records, and copies outside the"
                + " declared targets (exports, reports, caches, replicas and systems without a target file) are"
                + " not searched or changed; their remediation must be evidenced separately.");
        sheet.finish();
    }
}
