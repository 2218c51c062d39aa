package io.jobwarden.server.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class with one {@link LiveServer} for all its tests, in a temporary directory of its own: started before
 * the class's own {@code @BeforeAll} methods run (JUnit runs a superclass's first), closed after its last test. The
 * fields are static, so that a subclass's static set-up and argument sources can use the server; subclasses must not
 * run concurrently with each other (test classes run one after another here).
 */
public abstract class LiveServerFixture {
    @TempDir
    protected static Path dir;

    protected static LiveServer live;

    @BeforeAll
    static void startLiveServer() {
        live = LiveServer.start(dir);
    }

    @AfterAll
    static void closeLiveServer() {
        if (live != null) live.close();
        live = null;
    }
}
