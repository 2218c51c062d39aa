package io.jobwarden.engine;

import io.jobwarden.engine.spi.ClaimedRun;
import java.time.Duration;

/**
 * A second, independent lock around each run, on top of the store's claim (docs/semantics.md#cluster,
 * {@code cluster.lock: redis}). The engine fails closed: while the guard is not {@link #ready()} the node claims
 * nothing, and a run whose lock cannot be taken, or is lost while it runs, is stopped and its fire tried again.
 */
public interface FireGuard {

    /** No second lock: the store's claim alone decides. */
    FireGuard NONE = new FireGuard() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public Lease acquire(ClaimedRun run, Duration ttl) {
            return Lease.NONE;
        }
    };

    /** False while the lock service cannot be reached; checked before every claim. */
    boolean ready();

    /** Takes the fire's lock, or returns null when it is held by someone else or cannot be reached. */
    Lease acquire(ClaimedRun run, Duration ttl);

    /** A held lock. Implementations must make renew and release act only while this holder still owns it. */
    interface Lease {
        Lease NONE = new Lease() {
            @Override
            public boolean renew(Duration ttl) {
                return true;
            }

            @Override
            public void release() {}
        };

        /** Extends the lock; false when it was lost (expired and taken, or unreachable). */
        boolean renew(Duration ttl);

        /** Gives the lock up, if this holder still has it. Never throws. */
        void release();
    }
}
