package io.jobwarden.platform.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Winsvc;
import io.jobwarden.platform.windows.ServiceConfig2;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structures we pass to advapi32 must have Windows x64's layout. JNA lays structures out with the platform's
 * natural alignment, which on every 64-bit OS matches MSVC's for these (DWORDs at 4, pointers at 8), so the
 * sizes and offsets are checked here on Linux x64 too.
 */
class StructureLayoutTest {
    @BeforeAll
    static void sixtyFourBit() {
        assumeTrue(Native.POINTER_SIZE == 8, "layouts are checked for 64-bit Windows");
    }

    @Test
    void jnaPlatformStructuresHaveTheirWindowsSizes() {
        assertThat(new Winsvc.SERVICE_STATUS().size()).isEqualTo(28);
        assertThat(new Winsvc.SERVICE_STATUS_PROCESS().size()).isEqualTo(36);
        assertThat(new Winsvc.SERVICE_FAILURE_ACTIONS().size()).isEqualTo(40);
        assertThat(new Winsvc.SC_ACTION().size()).isEqualTo(8);
        assertThat(new Winsvc.SERVICE_TABLE_ENTRY().size()).isEqualTo(16);
        assertThat(new Winsvc.SERVICE_DESCRIPTION().size()).isEqualTo(8);
        assertThat(new Winsvc.SERVICE_FAILURE_ACTIONS_FLAG().size()).isEqualTo(4);
    }

    @Test
    void theStructuresJnaPlatformLacksAreOneDwordEach() {
        assertThat(new ServicePreshutdownInfo().size()).isEqualTo(4);
        assertThat(new ServiceDelayedAutoStartInfo().size()).isEqualTo(4);
    }

    @Test
    void failureActionsAreWrittenAtTheirWindowsOffsets() {
        Winsvc.SERVICE_FAILURE_ACTIONS s = JnaScmApi.failureActions(new ServiceConfig2.FailureActions(
                Duration.ofDays(1), List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))));
        s.write();
        assertThat(s.getPointer().getInt(0)).isEqualTo(86_400); // dwResetPeriod
        assertThat(s.getPointer().getPointer(8)).isNull(); // lpRebootMsg
        assertThat(s.getPointer().getPointer(16)).isNull(); // lpCommand
        assertThat(s.getPointer().getInt(24)).isEqualTo(3); // cActions
        com.sun.jna.Pointer actions = s.getPointer().getPointer(32); // lpsaActions
        assertThat(actions).isNotNull();
        int[] restartDelays = new int[6];
        actions.read(0, restartDelays, 0, 6);
        assertThat(restartDelays).containsExactly(1, 5000, 1, 10_000, 1, 30_000); // {SC_ACTION_RESTART, delay} x 3
    }

    @Test
    void theNewStructuresCarryTheirValues() {
        ServicePreshutdownInfo pre = (ServicePreshutdownInfo)
                JnaScmApi.structure(new ServiceConfig2.PreshutdownTimeout(Duration.ofSeconds(60)));
        pre.write();
        assertThat(pre.getPointer().getInt(0)).isEqualTo(60_000);
        ServiceDelayedAutoStartInfo delayed =
                (ServiceDelayedAutoStartInfo) JnaScmApi.structure(new ServiceConfig2.DelayedAutoStart(true));
        delayed.write();
        assertThat(delayed.getPointer().getInt(0)).isEqualTo(1);
        assertThat(fieldOrder(pre)).containsExactly("dwPreshutdownTimeout");
        assertThat(fieldOrder(delayed)).containsExactly("fDelayedAutostart");
    }

    @Test
    void dependenciesBecomeADoubleNulTerminatedList() {
        assertThat(JnaScmApi.multiString(List.of())).isNull();
        assertThat(JnaScmApi.multiString(List.of("Tcpip", "postgresql-x64-16")))
                .isEqualTo("Tcpip\0postgresql-x64-16\0");
    }

    private static List<String> fieldOrder(Structure s) {
        return s.getClass().getAnnotation(Structure.FieldOrder.class) == null
                ? List.of()
                : List.of(s.getClass().getAnnotation(Structure.FieldOrder.class).value());
    }
}
