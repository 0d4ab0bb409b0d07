package org.sealing.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.sealing.catalog.TargetDefinition;

class TargetOrderTests {

    private static TargetDefinition target(String name) {
        return new TargetDefinition(name, "", null, "jdbc:postgresql://localhost/" + name, "u", null, 1.0, List.of(),
                "");
    }

    private static List<String> names(List<TargetDefinition> targets) {
        return targets.stream().map(TargetDefinition::name).toList();
    }

    @Test
    void withoutHistoryTheFilesOrderStays() {
        List<TargetDefinition> targets = List.of(target("a"), target("b"), target("c"));
        assertThat(names(TargetOrder.longestFirst(targets, Map.of()))).containsExactly("a", "b", "c");
    }

    @Test
    void theLongestStartsFirstAndATargetWithoutHistoryBeforeThem() {
        List<TargetDefinition> targets = List.of(target("olbs"), target("new"), target("casemgmt"), target("dmv"),
                target("other"));
        Map<String, Double> seconds = Map.of("olbs", 68.0, "casemgmt", 36.0, "dmv", 2.0, "other", 36.0);
        assertThat(names(TargetOrder.longestFirst(targets, seconds)))
                .containsExactly("new", "olbs", "casemgmt", "other", "dmv");
    }
}
