package io.jobwarden.server.http;

import io.jobwarden.server.ConfigReload;

/**
 * What {@code POST /control} and {@code POST /api/reload} do to the whole process; pause, resume and drain go to the
 * engine directly. {@link #restart()} and {@link #stop()} are called on a thread of their own after the answer has
 * been sent, so an implementation may stop the HTTP server.
 */
public interface ControlActions {
    /** Stops gracefully and starts again (under a supervisor: exit with the code that asks for a restart). */
    void restart();

    /** Stops gracefully and exits. */
    void stop();

    /**
     * Reads the config file a restart would start from and refuses it if broken, before a restart is accepted: a
     * restart that fails after its 202 would be seen only in the log.
     *
     * @throws io.jobwarden.engine.InvalidInputException listing every problem of the file
     */
    default void checkConfig() {}

    /**
     * Reads the config file again and applies its jobs without a restart.
     *
     * @throws io.jobwarden.engine.InvalidInputException listing every problem; nothing was changed
     * @throws UnsupportedOperationException when this process has no config file to read
     */
    default ConfigReload reload() {
        throw new UnsupportedOperationException("reload is not available in this process");
    }

    /** For embedders without process control: restart, stop and reload are refused with 409. */
    ControlActions NONE = new ControlActions() {
        @Override
        public void restart() {
            throw new UnsupportedOperationException("restart is not available in this process");
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("stop is not available in this process");
        }
    };
}
