package io.jobwarden.platform.windows;

import io.jobwarden.platform.ThreadServiceBody;
import io.jobwarden.platform.windows.jna.JnaScmApi;
import java.time.Duration;

/** The service process of the real-SCM test: connects to the SCM and idles until it is stopped. */
public final class SleepingWindowsService {
    private SleepingWindowsService() {}

    public static void main(String[] args) {
        ThreadServiceBody body = new ThreadServiceBody(
                "sleeper",
                () -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException stopped) {
                        // a requested stop: end cleanly
                    }
                    return 0;
                },
                Duration.ofSeconds(1),
                null);
        WindowsServiceHost host = new WindowsServiceHost(
                new JnaScmApi(), args[0], body, WindowsServiceHost.Timings.standard(Duration.ofSeconds(5)));
        host.installShutdownHook();
        System.exit(host.run());
    }
}
