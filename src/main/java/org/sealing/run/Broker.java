package org.sealing.run;

import java.net.URI;
import java.time.Duration;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

import org.sealing.support.ConfigurationException;
import org.sealing.support.FailureMessages;

/**
 * The RabbitMQ broker of remote partitioning, as the settings name it: {@code SEALING_BROKER_URL}
 * ({@code amqp://user:password@host:port/vhost}; unset: partitions run in this process),
 * {@code SEALING_BROKER_QUEUE} (default {@code sealing.partitions}) and {@code SEALING_BROKER_PICKUPTIMEOUT}
 * (default 10m: how long a partition may wait for a worker before the manager fails it). A message names
 * the broker by host and port, never by its password.
 */
record Broker(URI url, String queue, Duration pickupTimeout) {

    static final String DEFAULT_QUEUE = "sealing.partitions";

    /** The broker the settings name, or null when {@code SEALING_BROKER_URL} is not set. */
    static Broker of(Environment env) {
        String url = env.getProperty("sealing.broker.url");
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("SEALING_BROKER_URL must be amqp://user:password@host:port/vhost;"
                    + " it is not a URL");
        }
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigurationException("SEALING_BROKER_URL must be amqp://user:password@host:port/vhost"
                    + " (or amqps://); it names no amqp host");
        }
        if ("/".equals(uri.getRawPath())) {
            // amqp://host:5672/ names the empty virtual host by the letter of the URI spec; an operator means the
            // default one
            uri = URI.create(url.strip().substring(0, url.strip().length() - 1));
        }
        String queue = env.getProperty("sealing.broker.queue", DEFAULT_QUEUE).strip();
        if (queue.isEmpty() || queue.length() > 255) {
            throw new ConfigurationException("SEALING_BROKER_QUEUE must be a queue name of 1 to 255 characters");
        }
        String timeout = env.getProperty("sealing.broker.pickup-timeout", "10m");
        Duration pickup;
        try {
            pickup = DurationStyle.detectAndParse(timeout.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("SEALING_BROKER_PICKUPTIMEOUT must be a duration such as 90s or 10m");
        }
        if (pickup.isNegative() || pickup.isZero()) {
            throw new ConfigurationException("SEALING_BROKER_PICKUPTIMEOUT must be longer than zero");
        }
        return new Broker(uri, queue, pickup);
    }

    /** Where the broker is, for messages: host and port, no user nor password. */
    String where() {
        int port = url.getPort() >= 0 ? url.getPort() : "amqps".equals(url.getScheme()) ? 5671 : 5672;
        return url.getHost() + ":" + port;
    }

    /**
     * A connection factory to the broker, whose queue is declared (durable), checked by connecting now: an
     * unreachable broker or a refused login is a {@link ConfigurationException} naming the broker.
     */
    CachingConnectionFactory connect() {
        CachingConnectionFactory factory = new CachingConnectionFactory(url);
        factory.setConnectionNameStrategy(f -> "sealctl");
        try {
            new RabbitAdmin(factory).declareQueue(new Queue(queue, true));
            return factory;
        } catch (RuntimeException e) {
            factory.destroy();
            throw new ConfigurationException("cannot use the RabbitMQ broker at " + where() + " (SEALING_BROKER_URL),"
                    + " queue " + queue + ": " + FailureMessages.of(e) + "; nothing was changed");
        }
    }
}
