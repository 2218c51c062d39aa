package io.jobwarden.server.http;

/**
 * What {@code POST /control} does to the whole process; pause, resume and drain go to the engine directly.
 * Called on a thread of its own after the answer has been sent, so an implementation may stop the HTTP server.
 */
public interface ControlActions {
    /** Stops gracefully and starts again (under a supervisor: exit with the code that asks for a restart). */
    void restart();

    /** Stops gracefully and exits. */
    void stop();

    /** For embedders without process control: restart and stop are refused with 501. */
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
