package org.sealing.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Where a remediation run stands, target by target and table by table: what was planned, applied,
 * failed or refused, and what verification left. {@code status EXECUTION_ID} shows it while a run
 * goes on, and afterwards.
 */
@Component
public class RunProgress {

    private final TargetFiguresQuery figures;

    public RunProgress(TargetFiguresQuery figures) {
        this.figures = figures;
    }

    /** The targets of a run, each with its tables, as ordered maps ready to print or to serialise. */
    public List<Map<String, Object>> of(long runId) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (TargetFigures t : figures.of(runId)) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("target", t.target());
            target.put("state", t.state().name());
            target.put("reached", t.reached());
            target.put("residual", t.residual());
            target.put("reason", t.reason());
            List<Map<String, Object>> tables = new ArrayList<>();
            for (TableFigures f : t.tables()) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("table", f.table());
                table.put("action", f.action().toLowerCase());
                table.put("planned", f.rows().matched());
                table.put("applied", f.rows().changed());
                table.put("failed", f.rows().failed());
                table.put("refused", f.rows().refused());
                table.put("residual", f.residual());
                tables.add(table);
            }
            target.put("tables", tables);
            targets.add(target);
        }
        return targets;
    }
}
