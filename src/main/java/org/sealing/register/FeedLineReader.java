package org.sealing.register;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the records of every file of one import in order, and keeps in the step's execution context
 * the file, byte offset and line number after the last record of each committed chunk, so that a
 * restarted import resumes exactly there. Only positions go into the context, never feed content.
 */
public class FeedLineReader implements ItemStreamReader<FeedRecord> {

    static final String FILE_KEY = "feed.file";
    static final String OFFSET_KEY = "feed.offset";
    static final String LINE_KEY = "feed.line";

    private final List<ImportFiles.StoredFile> files;
    private int fileIndex;
    private FeedFileRecords current;
    private long resumeOffset;
    private long resumeLine;

    public FeedLineReader(List<ImportFiles.StoredFile> files) {
        this.files = files;
    }

    @Override
    public void open(ExecutionContext context) {
        fileIndex = context.getInt(FILE_KEY, 0);
        resumeOffset = context.getLong(OFFSET_KEY, 0L);
        resumeLine = context.getLong(LINE_KEY, 2L);
    }

    @Override
    public FeedRecord read() {
        try {
            while (fileIndex < files.size()) {
                if (current == null) {
                    current = openFile(files.get(fileIndex), resumeOffset, resumeLine);
                }
                FeedRecord record = current.next();
                if (record != null) {
                    return record;
                }
                current.close();
                current = null;
                fileIndex++;
                resumeOffset = 0;
                resumeLine = 2;
            }
            return null;
        } catch (IOException e) {
            throw new ItemStreamException("cannot read feed file " + Printable.path(files.get(fileIndex).path()) + ": "
                    + Printable.escape(e.getMessage()), e);
        }
    }

    private static FeedFileRecords openFile(ImportFiles.StoredFile file, long offset, long lineNo)
            throws IOException {
        Path path = Path.of(file.path());
        String sha256;
        try {
            sha256 = FeedFileInspector.fingerprint(path);
        } catch (IOException e) {
            throw new ItemStreamException("feed file " + Printable.path(file.path()) + " can no longer be read ("
                    + Printable.escape(e.getMessage()) + "); put it back and restart this execution");
        }
        if (!sha256.equals(file.sha256())) {
            throw new ItemStreamException("feed file " + Printable.path(file.path()) + " changed since this import"
                    + " began (its SHA-256 differs); put the original back and restart, or import the new file afresh");
        }
        return FeedFileRecords.open(file.fileSeq(), path, offset, lineNo);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(FILE_KEY, fileIndex);
        context.putLong(OFFSET_KEY, current == null ? resumeOffset : current.offset());
        context.putLong(LINE_KEY, current == null ? resumeLine : current.lineNo());
    }

    @Override
    public void close() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing a read-only file cannot lose anything
            }
            current = null;
        }
    }
}
