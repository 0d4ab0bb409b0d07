package org.sealing.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.policy.Policy;
import org.sealing.support.Text;

/**
 * How {@code targets check} shows the policy in use: where it came from, and for each table of a
 * target what it holds and the outcome of each statute, so that an administrator sees what will be
 * destroyed and what sealed before anything runs.
 */
final class PolicyLines {

    private PolicyLines() {
    }

    /** Where the policy came from, for people. */
    static String source(Policy policy) {
        return policy.builtIn() ? "built-in (New York, SPEC section 7)" : Text.escape(policy.source());
    }

    /** One line per table: {@code booking.photo holds photographs: 160.50 destroy, 160.55 destroy, ...}. */
    static List<String> tables(TargetDefinition target, Policy policy) {
        List<String> lines = new ArrayList<>();
        for (TableRule rule : target.tables()) {
            lines.add(Text.escape(rule.table().toString()) + " holds " + rule.holds() + ": " + policy.line(rule.holds()));
        }
        return lines;
    }

    /** Each table of the target and the kind it holds, for {@code --json}. */
    static Map<String, String> holds(TargetDefinition target) {
        Map<String, String> holds = new LinkedHashMap<>();
        for (TableRule rule : target.tables()) {
            holds.put(rule.table().toString(), rule.holds());
        }
        return holds;
    }

    /** {@code {"source":"built-in","kinds":[...],"outcomes":{"160.50":{"photographs":"destroy",...},...}}}. */
    static Map<String, Object> json(Policy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", policy.source());
        json.put("kinds", policy.kinds());
        Map<String, Map<String, String>> outcomes = new LinkedHashMap<>();
        for (String statute : Policy.statutes()) {
            Map<String, String> byKind = new LinkedHashMap<>();
            for (String kind : policy.kinds()) {
                byKind.put(kind, policy.outcome(statute, kind).word());
            }
            outcomes.put(statute, byKind);
        }
        json.put("outcomes", outcomes);
        return json;
    }
}
