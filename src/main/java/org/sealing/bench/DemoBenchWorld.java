package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import org.sealing.demo.DemoFixture;
import org.sealing.demo.DemoService;
import org.sealing.register.ImportFiles;
import org.sealing.register.ImportService;

/**
 * The demo world ({@code sealctl demo}): fourteen target databases of a big department, at a scale,
 * with the demo's court feed imported into the benchmark's register (broken lines rejected, reversed
 * orders unsealed, as the demo's nightly run would). Its target files are the shipped ones, from the
 * configuration folder, with their connection pointed at the benchmark's copies.
 */
final class DemoBenchWorld implements World {

    private final DemoService.Scale scale;
    private final Path configDir;

    DemoBenchWorld(DemoService.Scale scale, Path configDir) {
        this.scale = scale;
        this.configDir = configDir;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public List<String> targets() {
        return DemoFixture.targets();
    }

    @Override
    public long create(BenchServer server) throws SQLException {
        // before minutes of building the world: its target files must be there
        targets().forEach(this::file);
        return DemoFixture.create(server.jdbcPrefix(), server.user(), server.password(), server.admin(), scale,
                World::template);
    }

    @Override
    public void register(ConfigurableApplicationContext bench, Path workDir) throws Exception {
        List<Path> feed = DemoFixture.feed(scale, workDir.resolve("feed"));
        bench.getBean(ImportService.class).importFiles(feed, ImportFiles.Origin.COMMAND, 0);
    }

    /** The shipped target file with its connection (and nothing else) replaced. */
    @Override
    public String targetFile(String target, BenchServer server, String database) throws Exception {
        Path file = file(target);
        StringBuilder out = new StringBuilder();
        boolean inConnection = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("connection:")) {
                out.append(World.connection(server, database));
                inConnection = true;
            } else if (!inConnection || !(line.startsWith(" ") || line.isBlank())) {
                inConnection = false;
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private Path file(String target) {
        Path file = configDir.resolve("targets").resolve(target + ".yml");
        if (!Files.isRegularFile(file)) {
            throw new org.sealing.support.ConfigurationException("--world demo reads the shipped demo target files, and "
                    + file + " is missing: run it from the repository or name its jobs folder with --config");
        }
        return file;
    }
}
