package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a MariaDB user may do, as a {@link MariaDbCatalog} reads it: the privileges granted to the user, to its
 * enabled roles and to {@code PUBLIC}, on the server, on databases (patterns included) or on a table; what
 * {@code information_schema} does not show (a role's grants) is tried with a statement that needs the
 * privilege and changes no row, in the check's transaction, which is rolled back.
 */
final class MariaDbGrants {

    /** MariaDB's errors for a statement the user may not run: on a table, a column, a database, at all. */
    private static final Set<Integer> ACCESS_DENIED = Set.of(1142, 1143, 1044, 1227);

    private final Connection c;
    private String database;
    private List<String> grantees;
    private Set<String> global;
    private Map<String, Set<String>> bySchema;

    private MariaDbGrants(Connection c) {
        this.c = c;
    }

    /** The connection's database. */
    String database() {
        return database;
    }

    /** Whom grants count for: the user, its enabled roles and {@code PUBLIC}, named as information_schema names them. */
    List<String> grantees() {
        return grantees;
    }

    /** The database, who the user is, and the privileges granted on the server and on databases. */
    static MariaDbGrants read(Connection c) throws SQLException {
        MariaDbGrants g = new MariaDbGrants(c);
        g.readUser();
        return g;
    }

    private void readUser() throws SQLException {
        String user;
        try (PreparedStatement ps = c.prepareStatement("select database(), current_user()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            database = rs.getString(1);
            user = rs.getString(2);
        }
        int at = user.lastIndexOf('@');
        grantees = new ArrayList<>();
        grantees.add("'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'");
        grantees.add("'PUBLIC'@''");
        try (PreparedStatement ps = c.prepareStatement("select role_name from information_schema.enabled_roles");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                grantees.add("'" + rs.getString(1) + "'@''");
            }
        }
        global = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select privilege_type from information_schema.user_privileges"
                + " where grantee in (" + MariaDbCatalog.marks(grantees.size()) + ")")) {
            MariaDbCatalog.bind(ps, 1, grantees);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    global.add(rs.getString(1));
                }
            }
        }
        bySchema = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select table_schema, privilege_type"
                + " from information_schema.schema_privileges where grantee in (" + MariaDbCatalog.marks(grantees.size()) + ")")) {
            MariaDbCatalog.bind(ps, 1, grantees);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bySchema.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
    }

    /** Whether the user may create temporary tables in the connection's database (granted, or through a role). */
    boolean temporaryAllowed() throws SQLException {
        if (database == null) {
            return false;
        }
        if (schemaAllows(database, "CREATE TEMPORARY TABLES")) {
            return true;
        }
        if (!permitted("create temporary table `sealing$probe` (probe int)")) {
            return false;
        }
        permitted("drop temporary table if exists `sealing$probe`");
        return true;
    }

    /** Whether the privilege is granted on the server or on a database (a pattern with % and _) that fits. */
    private boolean schemaAllows(String schema, String privilege) {
        if (global.contains(privilege)) {
            return true;
        }
        return bySchema.entrySet().stream().anyMatch(e -> e.getValue().contains(privilege)
                && like(e.getKey()).matcher(schema).matches());
    }

    /** A database name of a grant as a pattern: {@code %} any text, {@code _} any character, backslash escapes. */
    static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Whether the user holds a privilege on a table: granted to it on the table, its database or the
     * server as {@code information_schema} shows; else, for a plain table, whether a statement that
     * needs the privilege and touches no row is allowed. {@code information_schema} shows a user the
     * privileges of its own grants only, not those of its roles; the statement sees them all.
     */
    boolean allowed(Set<String> onTable, String schema, String privilege, boolean probe, String statement)
            throws SQLException {
        if (onTable.contains(privilege) || schemaAllows(schema, privilege)) {
            return true;
        }
        return probe && permitted(statement);
    }

    /** Whether the server lets the user run a statement that changes nothing; false when it denies access. */
    private boolean permitted(String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
            return true;
        } catch (SQLException e) {
            if (ACCESS_DENIED.contains(e.getErrorCode())) {
                return false;
            }
            throw e;
        }
    }
}
