package org.sealing.control;

import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;

/**
 * Where {@code sealctl demo} places its two MariaDB targets, for their target files:
 * {@code SEALING_DEMO_MARIA_JDBC}, {@code SEALING_DEMO_MARIA_USER} and {@code SEALING_DEMO_MARIA_PASSWORD}
 * are the server of {@code SEALING_DEMO_MARIADB_URL} (its user {@code SEALING_DEMO_MARIADB_USER}, root
 * unless set, and {@code SEALING_DEMO_MARIADB_PASSWORD}, none unless set) when that is set, and otherwise
 * the control database's server, as for the other twelve. Read at each lookup, so that what the
 * environment says when the demo runs is what counts.
 */
public final class DemoMariaDbServer extends PropertySource<ControlDatabase> {

    public static final String URL = "SEALING_DEMO_MARIADB_URL";
    public static final String JDBC = "SEALING_DEMO_MARIA_JDBC";
    public static final String USER = "SEALING_DEMO_MARIA_USER";
    public static final String PASSWORD = "SEALING_DEMO_MARIA_PASSWORD";

    /**
     * Where the variables are read; not this source's source: Spring Boot reads a source whose source is an
     * environment as that environment's sources, which include this one, without end.
     */
    private final PropertyResolver environment;

    DemoMariaDbServer(PropertyResolver environment, ControlDatabase control) {
        super("demoMariaDbServer", control);
        this.environment = environment;
    }

    @Override
    public Object getProperty(String name) {
        if (!name.equals(JDBC) && !name.equals(USER) && !name.equals(PASSWORD)) {
            return null;
        }
        ControlDatabase control = getSource();
        String url = environment.getProperty(URL);
        boolean maria = url != null && !url.isBlank();
        return switch (name) {
            case JDBC -> maria ? (url.endsWith("/") ? url : url + "/") : control.serverUrlPrefix();
            case USER -> maria ? environment.getProperty("SEALING_DEMO_MARIADB_USER", "root")
                    : control.user() == null ? "" : control.user();
            default -> maria ? environment.getProperty("SEALING_DEMO_MARIADB_PASSWORD", "")
                    : control.password() == null ? "" : control.password();
        };
    }
}
