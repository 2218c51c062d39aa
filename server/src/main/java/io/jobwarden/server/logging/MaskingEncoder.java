package io.jobwarden.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.jobwarden.server.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Wraps another encoder and masks secrets in what it produces (see {@link SecretMask}). Usable from
 * {@code logback.xml} with a nested {@code <encoder>}, where it masks secret-looking text; {@link LoggingSetup}
 * also gives it the configured secret values.
 */
public final class MaskingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;
    private final SecretMask mask;

    public MaskingEncoder() {
        this.mask = new SecretMask(List.of());
    }

    MaskingEncoder(Encoder<ILoggingEvent> encoder, Collection<Secret> secrets) {
        this.encoder = encoder;
        this.mask = new SecretMask(secrets);
    }

    /** The encoder whose output is masked; the nested {@code <encoder>} of a logback.xml, or BootstrapLogging's pattern. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("MaskingEncoder needs a nested <encoder>");
            return;
        }
        if (!encoder.isStarted()) encoder.start();
        super.start();
    }

    @Override
    public void stop() {
        if (encoder != null) encoder.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] bytes = encoder.encode(event);
        if (bytes == null || bytes.length == 0) return bytes;
        String line = new String(bytes, StandardCharsets.UTF_8);
        String masked = mask.apply(line);
        return masked.equals(line) ? bytes : masked.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }
}
