package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobsBlockTest {
    @Test
    void blanksTheBlockAndKeepsEveryLineNumber() {
        String yaml =
                "name: a\njobs:   # the jobs\n  - id: x\n    command: [\"true\"]\n\n# between\n- id: y\nthreads: 3\n";
        assertThat(JobsBlock.blanked(yaml)).isEqualTo("name: a\njobs:   # the jobs\n\n\n\n\n\nthreads: 3\n");
    }

    @Test
    void blanksToTheEndOfAFileWithoutAFinalNewline() {
        assertThat(JobsBlock.blanked("jobs:\r\n  - id: x\r\n  - id: y")).isEqualTo("jobs:\r\n\n");
    }

    @Test
    void aDocumentMarkerOrATabEndsTheBlock() {
        assertThat(JobsBlock.blanked("jobs:\n  - id: x\n---\nname: b\n")).isEqualTo("jobs:\n\n---\nname: b\n");
        assertThat(JobsBlock.blanked("jobs:\n  - id: x\n\tschedule: y\n")).isEqualTo("jobs:\n\n\tschedule: y\n");
    }

    @Test
    void leavesEveryOtherFormAlone() {
        assertThat(JobsBlock.blanked("name: a\nthreads: 2\n")).isNull();
        assertThat(JobsBlock.blanked("jobs: [{ id: x }]\n")).isNull();
        assertThat(JobsBlock.blanked("jobs:  # a comment\n  - id: x\n")).isEqualTo("jobs:  # a comment\n\n");
        assertThat(JobsBlock.blanked("jobs:#x\n  - id: x\n")).isNull();
        assertThat(JobsBlock.blanked("\"jobs\":\n  - id: x\n")).isNull();
        assertThat(JobsBlock.blanked(" jobs:\n  - id: x\n")).isNull();
    }

    @Test
    void aQuoteOrBracketLeftOpenMeansNothingIsBlanked() {
        // YAML goes on with these at column 0, where this rule would see the next setting.
        assertThat(JobsBlock.blanked("jobs:\n  - id: a\n    command: \"echo\nthreads: 7 #\"\n"))
                .isNull();
        assertThat(JobsBlock.blanked("jobs:\n  - id: a\n    command: [echo,\nthreads]\n"))
                .isNull();
        assertThat(JobsBlock.blanked("jobs:\n  - { id: a,\nthreads: 2 }\n")).isNull();
        assertThat(JobsBlock.blanked("jobs:\n  - id: a\n    command: 'it''s\nthreads: 2'\n"))
                .isNull();
        assertThat(JobsBlock.blanked("note: \"a\njobs:\n  - b\nc\"\n")).isNull();
    }

    @Test
    void quotesClosedOnTheirLineAndQuotesInsidePlainWordsAreFine() {
        String yaml = "jobs:\n  - id: a\n    command: [\"sh\", \"-c\", \"echo \\\"hi\\\" 'x'\"]\n"
                + "    description: it's the one with 'single '' quotes' # and a comment \"\n"
                + "    env: { A: \"[\", B: '{' }\nthreads: 2\n";
        assertThat(JobsBlock.blanked(yaml)).isEqualTo("jobs:\n\n\n\n\nthreads: 2\n");
    }
}
