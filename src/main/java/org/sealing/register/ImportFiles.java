package org.sealing.register;

import java.nio.file.Path;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The imports and their files in the control database: created before an import job starts, read
 * by the job (including its restarts), and summed up when it completes.
 */
@Repository
public class ImportFiles {

    /** An import's origin: a {@code sealctl import} or the nightly pick-up of {@code inbox/}. */
    public enum Origin { COMMAND, INBOX }

    /** A file of an import as recorded when the import was created. */
    public record StoredFile(long importId, int fileSeq, String path, String fileName, String sha256) {
    }

    /** The counts of one file once its import completed (null counts while it has not). */
    public record FileCounts(int fileSeq, String fileName, Integer lines, Integer accepted, Integer unchanged,
            Integer updated, Integer rejected) {
    }

    private final JdbcTemplate jdbc;

    public ImportFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new import of these inspected files and returns its id. */
    @Transactional
    public long create(Origin origin, List<FeedFileInspector.InspectedFeed> feeds) {
        Long importId = jdbc.queryForObject("insert into feed_import (origin) values (?) returning import_id",
                Long.class, origin.name());
        int seq = 0;
        for (FeedFileInspector.InspectedFeed feed : feeds) {
            Path path = feed.path().toAbsolutePath().normalize();
            jdbc.update("insert into feed_file (import_id, file_seq, path, file_name, size_bytes, sha256)"
                    + " values (?, ?, ?, ?, ?, ?)", importId, ++seq, path.toString(),
                    path.getFileName().toString(), feed.size(), feed.sha256());
        }
        return importId;
    }

    public List<StoredFile> files(long importId) {
        return jdbc.query("select import_id, file_seq, path, file_name, sha256 from feed_file where import_id = ?"
                + " order by file_seq", (rs, i) -> new StoredFile(rs.getLong(1), rs.getInt(2), rs.getString(3),
                rs.getString(4), rs.getString(5)), importId);
    }

    public List<FileCounts> counts(long importId) {
        return jdbc.query("select file_seq, file_name, lines, accepted, unchanged, updated, rejected from feed_file"
                + " where import_id = ? order by file_seq", (rs, i) -> new FileCounts(rs.getInt(1), rs.getString(2),
                (Integer) rs.getObject(3), (Integer) rs.getObject(4), (Integer) rs.getObject(5),
                (Integer) rs.getObject(6), (Integer) rs.getObject(7)), importId);
    }

    /**
     * Sums up a finished import: per-file counts from its line outcomes, then drops the outcomes
     * that only mattered while it ran (accepted and unchanged lines). Running it twice is harmless.
     */
    @Transactional
    public void complete(long importId) {
        Boolean done = jdbc.queryForObject("select completed_at is not null from feed_import where import_id = ?"
                + " for update", Boolean.class, importId);
        if (Boolean.TRUE.equals(done)) {
            return;
        }
        jdbc.update("""
                update feed_file f set
                    lines = coalesce(c.lines, 0), accepted = coalesce(c.accepted, 0),
                    unchanged = coalesce(c.unchanged, 0), updated = coalesce(c.updated, 0),
                    rejected = coalesce(c.rejected, 0)
                from feed_file f2
                left join (
                    select file_seq, count(*) as lines,
                           count(*) filter (where outcome = 'ACCEPTED') as accepted,
                           count(*) filter (where outcome = 'UNCHANGED') as unchanged,
                           count(*) filter (where outcome = 'UPDATED') as updated,
                           count(*) filter (where outcome = 'REJECTED') as rejected
                    from feed_line where import_id = ? group by file_seq
                ) c on c.file_seq = f2.file_seq
                where f.import_id = ? and f2.import_id = f.import_id and f2.file_seq = f.file_seq
                """, importId, importId);
        jdbc.update("delete from feed_line where import_id = ? and outcome in ('ACCEPTED', 'UNCHANGED')", importId);
        jdbc.update("update feed_import set completed_at = now() where import_id = ?", importId);
    }
}
