package org.sealing.run;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker settings of remote partitioning, as an operator writes them. */
class BrokerTests {

    @Test
    void withoutABrokerUrlPartitionsRunInTheProcess() {
        assertThat(Broker.of(new MockEnvironment())).isNull();
        assertThat(Broker.of(new MockEnvironment().withProperty("sealing.broker.url", " "))).isNull();
    }

    @Test
    void defaultsAndTheDefaultVirtualHost() {
        Broker broker = Broker.of(new MockEnvironment().withProperty("sealing.broker.url",
                "amqp://sealer:s3cret@mq.example:5673/"));
        assertThat(broker.queue()).isEqualTo("sealing.partitions");
        assertThat(broker.pickupTimeout()).isEqualTo(Duration.ofMinutes(10));
        // a trailing slash means the default virtual host, as operators write it
        assertThat(broker.url().getRawPath()).isEmpty();
        assertThat(broker.where()).isEqualTo("mq.example:5673").doesNotContain("s3cret");
        assertThat(Broker.of(new MockEnvironment().withProperty("sealing.broker.url", "amqp://h/agency"))
                .url().getRawPath()).isEqualTo("/agency");
        assertThat(Broker.of(new MockEnvironment().withProperty("sealing.broker.url", "amqp://h")).where())
                .isEqualTo("h:5672");
    }

    @Test
    void settingsAreCheckedWithMessagesNamingThem() {
        assertThatThrownBy(() -> Broker.of(new MockEnvironment().withProperty("sealing.broker.url",
                "http://user:pw@host/"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SEALING_BROKER_URL must be amqp://").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> Broker.of(new MockEnvironment().withProperty("sealing.broker.url", "amqp://h")
                .withProperty("sealing.broker.pickup-timeout", "soon"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SEALING_BROKER_PICKUPTIMEOUT must be a duration");
        assertThatThrownBy(() -> Broker.of(new MockEnvironment().withProperty("sealing.broker.url", "amqp://h")
                .withProperty("sealing.broker.pickup-timeout", "0s"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SEALING_BROKER_PICKUPTIMEOUT must be longer than zero");
        assertThat(Broker.of(new MockEnvironment().withProperty("sealing.broker.url", "amqp://h")
                .withProperty("sealing.broker.queue", "agency.a").withProperty("sealing.broker.pickup-timeout", "90s")))
                .extracting(Broker::queue, Broker::pickupTimeout).containsExactly("agency.a", Duration.ofSeconds(90));
    }

    @Test
    void aStepBelongsToTheTargetItNames() {
        assertThat(RemotePartitionHandler.isStepOf("plan.booking", "booking")).isTrue();
        assertThat(RemotePartitionHandler.isStepOf("apply.booking.mask.arrest", "booking")).isTrue();
        assertThat(RemotePartitionHandler.isStepOf("plan-restores.booking", "booking")).isTrue();
        assertThat(RemotePartitionHandler.isStepOf("plan.bookings", "booking")).isFalse();
        assertThat(RemotePartitionHandler.isStepOf("targets:booking", "booking")).isFalse();
        assertThat(RemotePartitionHandler.isStepOf("report", "booking")).isFalse();
    }
}
