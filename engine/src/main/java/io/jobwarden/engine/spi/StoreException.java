package io.jobwarden.engine.spi;

/** The store could not do what was asked (connection lost, disk full). Nothing partial was committed. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
