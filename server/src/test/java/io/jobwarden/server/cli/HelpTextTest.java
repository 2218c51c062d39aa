package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} as people read it. picocli interpolates {@code ${...}} in descriptions, so a
 * {@code ${env:NAME}} written unescaped prints as "null"; a bare {@code %} is a format error.
 */
class HelpTextTest {
    @Test
    void noCommandsHelpPrintsANullWhereTextWasMeant() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Main()), all);

        assertThat(all).hasSizeGreaterThan(20);
        for (CommandLine cli : all) {
            String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(usage)
                    .as("jobwarden %s --help", cli.getCommandSpec().qualifiedName())
                    .doesNotContainPattern("\\bnull\\b")
                    .doesNotContain("%n");
        }
    }

    private static void collect(CommandLine cli, List<CommandLine> into) {
        into.add(cli);
        for (CommandLine sub : cli.getSubcommands().values()) if (!into.contains(sub)) collect(sub, into);
    }
}
