package org.sealing.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A command's {@code --json} output read as JSON, not matched as text: a field is found wherever the
 * printer puts it and compared as a value, so {@code "matched":6} does not also match
 * {@code "matched":60}, and a failure shows the whole object.
 */
public final class JsonOutput {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode node;
    /** What a failure shows: the description if any, then the object. */
    private final String where;

    private JsonOutput(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /** The one JSON object a command printed on stdout. */
    public static JsonOutput of(String out) {
        JsonNode node;
        try {
            node = JSON.readTree(out);
        } catch (JacksonException e) {
            throw new AssertionError("not one JSON object: " + out, e);
        }
        assertThat(node != null && node.isObject()).as("one JSON object: %s", out).isTrue();
        return new JsonOutput(node, out.strip());
    }

    /** The same object, its failures led by this description (a seed, say). */
    public JsonOutput as(String description, Object... args) {
        return new JsonOutput(node, (args.length == 0 ? description : String.format(description, args)) + ": " + where);
    }

    /**
     * Asserts that each field is there with its value (a number, text, true or false, or null), given
     * in pairs: {@code has("verdict", "COMPLIANT", "residual", 0)}.
     */
    public JsonOutput has(String field, Object expected, Object... more) {
        assertThat(more.length % 2).as("fields and values in pairs").isZero();
        check(field, expected);
        for (int i = 0; i < more.length; i += 2) {
            check((String) more[i], more[i + 1]);
        }
        return this;
    }

    /** A whole-number field. */
    public long number(String field) {
        JsonNode value = node.get(field);
        assertThat(value != null && value.isIntegralNumber()).as("whole number %s in %s", field, where).isTrue();
        return value.asLong();
    }

    /** A number field, whole or not. */
    public double decimal(String field) {
        JsonNode value = node.get(field);
        assertThat(value != null && value.isNumber()).as("number %s in %s", field, where).isTrue();
        return value.asDouble();
    }

    /** An object field. */
    public JsonOutput object(String field) {
        JsonNode value = node.get(field);
        assertThat(value != null && value.isObject()).as("object %s in %s", field, where).isTrue();
        return new JsonOutput(value, field + " " + value + " in " + where);
    }

    /** A text field. */
    public String text(String field) {
        JsonNode value = node.get(field);
        assertThat(value != null && value.isString()).as("text %s in %s", field, where).isTrue();
        return value.asString();
    }

    /**
     * A field's value to compare with another output's: a whole number as a Long, text as a String, an
     * array or object as a tree that equals another with the same content.
     */
    public Object value(String field) {
        assertThat(node.has(field)).as("field %s in %s", field, where).isTrue();
        return plain(node.get(field));
    }

    /** The objects of an array field, in order. */
    public List<JsonOutput> items(String field) {
        JsonNode array = node.get(field);
        assertThat(array != null && array.isArray()).as("array %s in %s", field, where).isTrue();
        List<JsonOutput> items = new ArrayList<>();
        for (JsonNode item : array.values()) {
            items.add(new JsonOutput(item, item + " in " + where));
        }
        return items;
    }

    /** The object of an array field whose {@code key} has this value; fails when there is none. */
    public JsonOutput item(String field, String key, Object value) {
        for (JsonOutput item : items(field)) {
            if (item.node.has(key) && Objects.equals(plain(item.node.get(key)), plain(value))) {
                return item;
            }
        }
        return fail("no item of %s with %s %s in %s", field, key, value, where);
    }

    private void check(String field, Object expected) {
        assertThat(node.has(field)).as("field %s in %s", field, where).isTrue();
        assertThat(plain(node.get(field))).as("field %s in %s", field, where).isEqualTo(plain(expected));
    }

    @Override
    public String toString() {
        return where;
    }

    /** A value as Java compares it: every whole number a Long, text a String. */
    private static Object plain(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (!(value instanceof JsonNode json)) {
            return value;
        }
        if (json.isNull()) {
            return null;
        }
        if (json.isIntegralNumber()) {
            return json.asLong();
        }
        if (json.isString()) {
            return json.asString();
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        return json;
    }
}
