package io.jobwarden.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * For tests of systemd and launchd definitions written with POSIX paths ({@code /var/lib/jobwarden}): such a path is
 * not absolute on Windows, and there a {@link java.nio.file.Path} renders with backslashes. Skipped on Windows and
 * under {@code -Djobwarden.test.pretend-windows=true}, which runs Windows' path rules on Linux so that a test missing
 * this shows up here rather than in the Windows workflow.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX paths are not absolute on Windows")
@DisabledIfSystemProperty(
        named = PathRules.PRETEND_WINDOWS_PROPERTY,
        matches = "true",
        disabledReason = "Windows path rules are in force")
public @interface PosixOnly {}
