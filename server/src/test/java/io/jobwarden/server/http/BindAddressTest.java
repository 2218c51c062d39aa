package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BindAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,  8080, false, http://127.0.0.1:8080",
        "10.1.2.3,   9000, false, http://10.1.2.3:9000",
        "localhost,  8080, false, http://localhost:8080",
        "::1,        8080, false, http://[::1]:8080",
        "[::1],      8080, false, http://[::1]:8080",
        "fe80::1,    8080, false, http://[fe80::1]:8080",
        "0.0.0.0,    8080, false, http://127.0.0.1:8080",
        "::,         8080, false, http://127.0.0.1:8080",
        "[::],       8080, false, http://127.0.0.1:8080",
        "127.0.0.1,  8443, true,  https://127.0.0.1:8443",
        "::1,        8443, true,  https://[::1]:8443",
        "0.0.0.0,    8443, true,  https://127.0.0.1:8443",
    })
    void localUrlIsWhereAClientOnThisMachineConnects(String host, int port, boolean tls, String url) {
        assertThat(new BindAddress(host, port, tls).localUrl()).hasToString(url);
    }

    @Test
    void onlyEveryInterfaceIsAWildcard() {
        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", ""})
            assertThat(new BindAddress(wildcard, 8080, false).isWildcard())
                    .as(wildcard)
                    .isTrue();
        for (String one : new String[] {"127.0.0.1", "::1", "[::1]", "localhost", "10.0.0.1"})
            assertThat(new BindAddress(one, 8080, false).isWildcard()).as(one).isFalse();
    }

    @Test
    void anotherHostOnThisPortAndSchemeAndTheBareHost() {
        BindAddress any = new BindAddress("::", 8443, true);
        assertThat(any.urlOf("10.1.2.3")).hasToString("https://10.1.2.3:8443");
        assertThat(any.urlOf("fe80::1")).hasToString("https://[fe80::1]:8443");
        assertThat(any.urlOf("[fe80::1]")).hasToString("https://[fe80::1]:8443");
        assertThat(new BindAddress("[::1]", 80, false).bareHost()).isEqualTo("::1");
        assertThat(new BindAddress("::1", 80, false).bareHost()).isEqualTo("::1");
        assertThat(new BindAddress("localhost", 80, false).bareHost()).isEqualTo("localhost");
    }
}
