package org.sealing.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every target of the demo world has its schema on the class path, split where the rows go in. */
class DemoWorldTests {

    @Test
    void everyTargetHasItsTablesAndWhatFollowsTheRows() {
        for (String target : DemoWorld.TARGETS) {
            DemoWorld.Schema schema = DemoWorld.schema(target);

            assertThat(schema.tables()).as(target).contains("create table").doesNotContain(DemoWorld.AFTER_THE_ROWS);
            assertThat(schema.afterTheRows()).as(target).doesNotContain("create table");
        }
        assertThat(DemoWorld.schema("olbs").afterTheRows()).contains("create index on booking.arrest");
        assertThat(DemoWorld.schema("fic").afterTheRows()).isBlank();
    }
}
