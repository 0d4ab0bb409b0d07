package org.sealing.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL server the benchmark works on (the control database's): its worlds' template databases,
 * the copies each contender gets of them, and the benchmark's own control database. A copy is made with
 * {@code CREATE DATABASE ... TEMPLATE}, so every contender starts from the same bytes.
 */
final class BenchServer {

    private final String jdbcPrefix;
    private final String user;
    private final String password;
    private final String admin;

    BenchServer(String jdbcPrefix, String user, String password, String admin) {
        this.jdbcPrefix = jdbcPrefix;
        this.user = user;
        this.password = password;
        this.admin = admin;
    }

    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(jdbcPrefix + database, p);
    }

    String jdbcPrefix() {
        return jdbcPrefix;
    }

    /** The database through which databases are created and dropped. */
    String admin() {
        return admin;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String url(String database) {
        return jdbcPrefix + database;
    }

    /** Drops the database if it is there, then creates it empty. */
    void recreate(String database) throws SQLException {
        admin("drop database if exists " + database + " with (force)", "create database " + database);
    }

    /** A fresh copy of a template database. */
    void copy(String template, String database) throws SQLException {
        admin("drop database if exists " + database + " with (force)",
                // a file copy writes no WAL
                "create database " + database + " template " + template + " strategy = file_copy");
    }

    /** A checkpoint, so that every contender starts clean; only a superuser may ask, else it is skipped. */
    void checkpoint() {
        try {
            admin("checkpoint");
        } catch (SQLException e) {
            // the measurement is then a little noisier
        }
    }

    void drop(String database) throws SQLException {
        admin("drop database if exists " + database + " with (force)");
    }

    private void admin(String... statements) throws SQLException {
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
