package org.sealing.cli;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a command's result as one JSON object; times are given to it already as ISO-8601 text. JSON
 * escapes control characters itself; text output escapes every value it prints with
 * {@link org.sealing.support.Text#escape}.
 */
final class Printer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Printer() {
    }

    static void json(CliContext context, Map<String, ?> result) {
        context.out().println(JSON.writeValueAsString(result));
        context.out().flush();
    }
}
