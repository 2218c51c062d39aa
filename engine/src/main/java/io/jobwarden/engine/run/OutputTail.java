package io.jobwarden.engine.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code capacity} bytes written to it: the part of a run's output worth storing. A ring buffer,
 * so a job that prints gigabytes costs no more memory than one that prints a line; allocated on the first write, so a
 * run that prints nothing costs none.
 */
public final class OutputTail extends OutputStream {
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final int capacity;
    private byte[] ring;
    private long written;

    public OutputTail() {
        this(DEFAULT_CAPACITY);
    }

    public OutputTail(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void write(int b) {
        if (ring == null) ring = new byte[capacity];
        ring[(int) (written++ % ring.length)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (len == 0) return;
        if (ring == null) ring = new byte[capacity];
        if (len >= ring.length) {
            off += len - ring.length;
            written += len - ring.length;
            len = ring.length;
        }
        int pos = (int) (written % ring.length);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(b, off, ring, pos, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        written += len;
    }

    /** Total bytes ever written, including those dropped from the front. */
    public synchronized long totalBytes() {
        return written;
    }

    /** The kept bytes as UTF-8 text; a character cut at the front by the ring is dropped, not garbled. */
    public synchronized String text() {
        if (ring == null) return "";
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        int skip = 0;
        if (written > ring.length) {
            while (skip < out.length && (out[skip] & 0xC0) == 0x80) skip++;
        }
        return new String(out, skip, out.length - skip, StandardCharsets.UTF_8);
    }

    public PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }
}
