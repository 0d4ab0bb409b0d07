package org.sealing.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where each column of the feed sits in one file's header. Columns may come in any order and in any
 * case; every required column must be present, no column twice, and no column we do not know (a file
 * with strange columns is more likely the wrong file than a feed).
 */
final class FeedHeader {

    private final int[] positions;
    private final int width;

    private FeedHeader(int[] positions, int width) {
        this.positions = positions;
        this.width = width;
    }

    /** The header's column count: the number of fields every line must have. */
    int width() {
        return width;
    }

    /** The position of a column in a line, or -1 when the header lacks it. */
    int position(FeedColumn column) {
        return positions[column.ordinal()];
    }

    /** The header of these names, or an exception whose message says what is wrong with it. */
    static FeedHeader parse(List<String> names) throws BadHeader {
        int[] positions = new int[FeedColumn.values().length];
        Arrays.fill(positions, -1);
        List<Integer> unknown = new ArrayList<>();
        Set<FeedColumn> repeated = EnumSet.noneOf(FeedColumn.class);
        for (int i = 0; i < names.size(); i++) {
            FeedColumn column = column(names.get(i));
            if (column == null) {
                unknown.add(i + 1);
            } else if (positions[column.ordinal()] >= 0) {
                repeated.add(column);
            } else {
                positions[column.ordinal()] = i;
            }
        }
        List<String> problems = new ArrayList<>();
        List<String> missing = Arrays.stream(FeedColumn.values())
                .filter(c -> c.required() && positions[c.ordinal()] < 0).map(FeedColumn::header).toList();
        if (!missing.isEmpty()) {
            problems.add("missing required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!repeated.isEmpty()) {
            problems.add("repeated column" + (repeated.size() > 1 ? "s " : " ")
                    + repeated.stream().map(FeedColumn::header).collect(Collectors.joining(", ")));
        }
        if (!unknown.isEmpty()) {
            // the names themselves are not repeated: a file without a header has a person's data here
            problems.add("unrecognised column" + (unknown.size() > 1 ? "s at positions " : " at position ")
                    + unknown.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        if (!problems.isEmpty()) {
            throw new BadHeader("wrong header: " + String.join("; ", problems) + " (expected "
                    + Arrays.stream(FeedColumn.values()).map(FeedColumn::header).collect(Collectors.joining(","))
                    + ")");
        }
        return new FeedHeader(positions, names.size());
    }

    private static FeedColumn column(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (FeedColumn c : FeedColumn.values()) {
            if (c.header().equals(key)) {
                return c;
            }
        }
        return null;
    }

    /** What is wrong with a header, in words fit for the operator. */
    static final class BadHeader extends Exception {
        BadHeader(String message) {
            super(message);
        }
    }
}
