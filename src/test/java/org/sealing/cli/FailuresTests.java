package org.sealing.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import org.sealing.SealingProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A setting Spring cannot even convert (a word where a number belongs, an unknown time zone) is a
 * configuration error (exit 2) named by its environment variable, in one line, not a conversion
 * exception's message.
 */
class FailuresTests {

    @Test
    void aSettingThatIsNotANumberIsNamedWithWhatItMustBe() {
        Throwable failure = bindFailure("sealing.remediation.chunk-size", "abc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = CliContext.around(null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        context.json(true);

        int code = Failures.report(context, failure);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("sealctl: SEALING_REMEDIATION_CHUNKSIZE must be a whole number, not 'abc'\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"SEALING_REMEDIATION_CHUNKSIZE must be"
                + " a whole number, not 'abc'\",\"exitCode\":2}\n");
    }

    @Test
    void anUnknownTimeZoneIsNamedWithAnExample() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = CliContext.around(null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        int code = Failures.report(context, bindFailure("sealing.zone", "Mars/Olympus\nMons"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sealctl: SEALING_ZONE must be a time zone like"
                + " America/New_York, not 'Mars/Olympus\\nMons'\n");
    }

    private static Throwable bindFailure(String property, String value) {
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(Map.of(property, value))), null,
                ApplicationConversionService.getSharedInstance());
        Throwable failure = catchThrowable(() -> binder.bindOrCreate("sealing", SealingProperties.class));
        assertThat(failure).isNotNull();
        return failure;
    }
}
