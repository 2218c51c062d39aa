package io.jobwarden.engine;

/**
 * An engine node whose scheduler thread is not running: the caller runs each pass on its own thread, at the time of
 * the engine's clock. Tests use it to step the engine through time instead of sleeping; built by
 * {@link JobwardenBuilder#startStepped()}.
 */
public final class SteppedNode {
    private final Jobwarden engine;
    private final FireLoop loop;
    private final Dispatcher dispatcher;
    private final RunRecorder recorder;

    SteppedNode(Jobwarden engine, FireLoop loop, Dispatcher dispatcher, RunRecorder recorder) {
        this.engine = engine;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
    }

    public Jobwarden engine() {
        return engine;
    }

    /** One scheduler pass: enforces deadlines, plans due fires, claims and dispatches them. Runs go on meanwhile. */
    public void pass() {
        loop.pass();
    }

    /** Runs in progress plus outcomes not yet written to the store; zero when everything started has been recorded. */
    public int busy() {
        return dispatcher.running() + recorder.unwritten();
    }
}
