package io.jobwarden.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsCommandLineTest {
    @Test
    void plainWordsStayPlainAndTheExecutableIsAlwaysQuoted() {
        assertThat(WindowsCommandLine.join(List.of("C:\\java\\bin\\java.exe", "-jar", "C:\\a\\b.jar", "service")))
                .isEqualTo("\"C:\\java\\bin\\java.exe\" -jar C:\\a\\b.jar service");
    }

    @Test
    void trickyArgumentsSurviveTheRoundTripThroughTheCRuntimeRules() {
        List<String> argv = List.of(
                "C:\\Program Files\\Java\\bin\\java.exe",
                "C:\\Program Files\\Jobwarden\\",
                "say \"hi\"",
                "",
                "a\\\\b",
                "trailing\\",
                "tab\there",
                "back\\\"slash");
        assertThat(WindowsCommandLine.split(WindowsCommandLine.join(argv))).isEqualTo(argv);
    }

    @Test
    void aDirectoryWithATrailingBackslashDoesNotSwallowTheClosingQuote() {
        assertThat(WindowsCommandLine.quote("C:\\Program Files\\")).isEqualTo("\"C:\\Program Files\\\\\"");
    }
}
