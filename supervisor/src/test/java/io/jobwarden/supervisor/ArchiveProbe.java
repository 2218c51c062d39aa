package io.jobwarden.supervisor;

/** A worker stand-in that only starts and ends: whether a JVM with a given archive option starts at all. */
public final class ArchiveProbe {
    private ArchiveProbe() {}

    public static void main(String[] args) {
        System.out.println("probe started");
    }
}
