package org.sealing.amqp;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The local RabbitMQ server the remote-partitioning tests use ({@code SEALING_TEST_BROKER_URL}, default
 * {@code amqp://guest:guest@127.0.0.1:5672}), with a queue of its own per test. Where the server cannot be
 * reached, the tests are skipped with the reason printed, unless {@code SEALING_TEST_REQUIRE_RABBITMQ=1}
 * (environment or system property) makes them fail.
 */
final class TestRabbitMq {

    static final String URL = setting("SEALING_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672");

    private TestRabbitMq() {
    }

    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }

    static boolean required() {
        String v = setting("SEALING_TEST_REQUIRE_RABBITMQ", "");
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    /** Skips the calling test (or fails it, when required) unless the server answers. */
    static void assumeAvailable() {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(URL));
        try {
            factory.createConnection().close();
        } catch (RuntimeException e) {
            String reason = "no RabbitMQ server at " + URI.create(URL).getHost() + ":" + URI.create(URL).getPort()
                    + " (" + e.getMessage() + "); .ci/run starts the installed one";
            if (required()) {
                fail("SEALING_TEST_REQUIRE_RABBITMQ is set and " + reason);
            }
            System.err.println("skipped: " + reason);
            Assumptions.assumeTrue(false, reason);
        } finally {
            factory.destroy();
        }
    }

    /** A queue name of its own for one test. */
    static String newQueue() {
        return "sealing.test." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes a test's queue. */
    static void deleteQueue(String queue) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(URL));
        try {
            new RabbitAdmin(factory).deleteQueue(queue);
        } finally {
            factory.destroy();
        }
    }

    /** How many messages wait in a queue. */
    static long waiting(String queue) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(URL));
        try {
            var info = new RabbitAdmin(factory).getQueueInfo(queue);
            return info == null ? 0 : info.getMessageCount();
        } finally {
            factory.destroy();
        }
    }
}
