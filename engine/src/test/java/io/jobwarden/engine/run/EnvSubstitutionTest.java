package io.jobwarden.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private final EnvSubstitution substitution =
            new EnvSubstitution(Map.of("DB_PASS", "s3cret", "HOST", "db.internal"));

    @Test
    void substitutesEveryStringInTheSettingsAndReportsTheValues() {
        Map<String, Object> settings = Map.of(
                "command", List.of("/bin/psql", "-h", "${env:HOST}:5432"),
                "env", Map.of("PGPASSWORD", "${env:DB_PASS}", "PORT", 5432),
                "literal", "$${env:DB_PASS} and ${HOME}");

        EnvSubstitution.Substituted out = substitution.apply(settings);

        assertThat(out.settings())
                .isEqualTo(Map.of(
                        "command", List.of("/bin/psql", "-h", "db.internal:5432"),
                        "env", Map.of("PGPASSWORD", "s3cret", "PORT", 5432),
                        "literal", "${env:DB_PASS} and ${HOME}"));
        assertThat(out.values()).containsExactlyInAnyOrder("s3cret", "db.internal");
    }

    @Test
    void aMissingVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> substitution.apply(Map.of("shell", "echo ${env:NOPE} ${env:DB_PASS}")))
                .isInstanceOf(UnsetVariableException.class)
                .hasMessage("environment variable NOPE is not set");
    }

    @Test
    void namesAreTheReferencedVariablesOnly() {
        Object tree = Map.of("a", List.of("${env:ONE}", "x${env:TWO}y"), "b", "$${env:THREE}", "c", 5);

        assertThat(EnvSubstitution.names(tree)).containsExactlyInAnyOrder("ONE", "TWO");
        assertThat(EnvSubstitution.references("$${env:THREE}")).isFalse();
        assertThat(EnvSubstitution.references("a ${env:THREE}")).isTrue();
    }
}
