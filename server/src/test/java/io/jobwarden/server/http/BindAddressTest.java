package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;

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
}
