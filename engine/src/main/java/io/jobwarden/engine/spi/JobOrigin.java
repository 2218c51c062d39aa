package io.jobwarden.engine.spi;

/** Where a job's current definition came from; decides which wins when the config file is loaded again. */
public enum JobOrigin {
    CONFIG,
    API
}
