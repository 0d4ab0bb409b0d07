package org.sealing.report;

import org.apache.poi.ss.usermodel.Row;

/**
 * The certification block at the foot of the Summary: what is attested and by which roles (never
 * names), the software that wrote the evidence, the SHA-256 of everything the run read (its feeds, its
 * target definitions, its policy) and of the ledger export beside the workbook, the ledger chain's head
 * when the figures were fixed, and blank lines for the signatures.
 */
final class CertificationBlock {

    /** The roles that sign, in order: who prepares the evidence, who examines it for the court. */
    static final String[][] ROLES = {
        {"Prepared by (role)", "Records officer responsible for the sealing remediation"},
        {"Examined by (role)", "Independent monitor reporting to the court"},
    };

    private final Styles styles;
    private final SheetWriter sheet;

    CertificationBlock(Styles styles, SheetWriter sheet) {
        this.styles = styles;
        this.sheet = sheet;
    }

    void write(WorkbookReader.Execution e, FrozenFigures f, SummarySheet.Package p) {
        sheet.row();
        Row title = sheet.row("Certification");
        title.getCell(0).setCellStyle(styles.section());
        line("What is attested", "That this workbook and the ledger export named below are the complete and"
                + " unaltered evidence of execution " + e.executionId() + " of the sealing remediation; that"
                + " their figures were fixed when the run ended and reconcile as the Reconciliation sheet shows;"
                + " that every row the run changed or restored is a line of the ledger export, covered by the"
                + " hash-chained ledger whose head is given below; and that the SHA-256 values below match the"
                + " files read and written.", null);
        line("Software version", "sealctl " + version(), "the program that ran the remediation and wrote this"
                + " evidence");
        if (f.feeds().isEmpty()) {
            line("Feeds", "none: this run imported no feed", null);
        }
        for (FrozenFigures.HashedFile feed : f.feeds()) {
            line("SHA-256 of feed " + feed.name(), feed.sha256(), "the court's feed file as this run imported it");
        }
        for (FrozenFigures.HashedFile d : f.definitions()) {
            line("SHA-256 of definition " + d.label().substring("Definition ".length()), d.sha256(),
                    "the target file " + d.name() + " as the run started with it");
        }
        FrozenFigures.HashedFile policy = f.policy();
        line("SHA-256 of policy", policy.sha256() == null ? "none: the built-in New York policy (no file)"
                : policy.sha256(), policy.sha256() == null ? "its table is on the Methodology sheet"
                : "the policy file " + policy.name() + " as the run started with it");
        line("Ledger export", p.ledgerName(), p.ledgerLines() + " lines, one per row changed or restored"
                + " (gzip-compressed CSV beside this workbook)");
        line("SHA-256 of ledger export", p.ledgerSha256(), "the .sha256 file beside them lists this workbook's"
                + " SHA-256 and this one (sha256sum -c checks both)");
        line("Ledger chain head", f.chainHead(), "the hash of entry " + f.chainSeq() + ", the chain's last when the"
                + " figures were fixed; sealctl audit verify walks the chain and prints its head");
        for (String[] role : ROLES) {
            sheet.row();
            line(role[0], role[1], null);
            signature("Name (printed)");
            signature("Signature");
            signature("Date");
        }
    }

    private void line(String label, Object value, String note) {
        Row row = sheet.row(label, value);
        row.getCell(0).setCellStyle(styles.label());
        if (note != null) {
            Row beneath = sheet.row(null, note);
            beneath.getCell(1).setCellStyle(styles.note());
        }
    }

    /** A blank line to sign on. */
    private void signature(String label) {
        Row row = sheet.row(label, null);
        row.getCell(0).setCellStyle(styles.label());
        row.getCell(1).setCellStyle(styles.signature());
        row.setHeightInPoints(24);
    }

    /** The version the jar says it is, or that this is a build run from its classes. */
    static String version() {
        String version = CertificationBlock.class.getPackage().getImplementationVersion();
        return version != null ? version : "(development build, run from its classes)";
    }
}
