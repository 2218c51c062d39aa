package io.jobwarden.platform.launchd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.platform.InvalidServiceDefinitionException;
import io.jobwarden.platform.PosixOnly;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.RunTool;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceException;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.StartType;
import io.jobwarden.platform.WriteFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Definitions with POSIX paths, as the target OS writes them. */
@PosixOnly
class LaunchdPlatformTest {
    private final LaunchdPlatform platform =
            new LaunchdPlatform(Path.of("/Library/LaunchDaemons"), "launchctl", new ProcessCommandRunner(), false);

    private static ServiceDefinition.Builder demo() {
        return ServiceDefinition.builder(
                ServiceName.of("demo"),
                List.of(
                        "/usr/bin/java",
                        "-jar",
                        "/opt/jobwarden/jobwarden.jar",
                        "service",
                        "--name",
                        "demo",
                        "--config",
                        "/etc/a&b.yml"),
                Path.of("/usr/local/var/jobwarden"));
    }

    @Test
    void thePlanWritesAKeepAlivePlistAndBootstrapsIt() throws Exception {
        var plan = platform.installPlan(demo().account("_jobwarden").build());
        WriteFile plist = plan.steps(WriteFile.class).get(0);
        assertThat(plist.path()).isEqualTo(Path.of("/Library/LaunchDaemons/io.jobwarden.demo.plist"));
        assertThat(plan.steps(RunTool.class))
                .extracting(RunTool::argv)
                .containsExactly(
                        List.of("/bin/mkdir", "-p", "/usr/local/var/jobwarden"),
                        List.of("/usr/sbin/chown", "_jobwarden", "/usr/local/var/jobwarden"),
                        List.of("launchctl", "bootstrap", "system", "/Library/LaunchDaemons/io.jobwarden.demo.plist"));

        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(plist.content().getBytes(StandardCharsets.UTF_8)));
        Element dict =
                (Element) doc.getDocumentElement().getElementsByTagName("dict").item(0);
        assertThat(valueAfterKey(dict, "Label")).isEqualTo("io.jobwarden.demo");
        assertThat(valueAfterKey(dict, "KeepAlive")).isEqualTo("true");
        assertThat(valueAfterKey(dict, "RunAtLoad")).isEqualTo("true");
        assertThat(valueAfterKey(dict, "UserName")).isEqualTo("_jobwarden");
        assertThat(valueAfterKey(dict, "ExitTimeOut")).isEqualTo("60");
        NodeList args = ((Element) dict.getElementsByTagName("array").item(0)).getElementsByTagName("string");
        assertThat(args.getLength()).isEqualTo(8);
        assertThat(args.item(7).getTextContent()).isEqualTo("/etc/a&b.yml");
    }

    /** The element after {@code <key>name</key>}: its text, or its tag name for {@code <true/>}. */
    private static String valueAfterKey(Element dict, String name) {
        NodeList keys = dict.getElementsByTagName("key");
        for (int i = 0; i < keys.getLength(); i++) {
            if (keys.item(i).getTextContent().equals(name)) {
                org.w3c.dom.Node n = keys.item(i).getNextSibling();
                while (!(n instanceof Element)) n = n.getNextSibling();
                return n.getTextContent().isEmpty() ? ((Element) n).getTagName() : n.getTextContent();
            }
        }
        return null;
    }

    @Test
    void manualStartIsRefusedBecauseLaunchdLoadsDaemonsAtBoot() {
        assertThatThrownBy(() ->
                        platform.installPlan(demo().startType(StartType.MANUAL).build()))
                .isInstanceOf(InvalidServiceDefinitionException.class)
                .hasMessageStartingWith("--start: launchd starts every daemon");
    }

    @Test
    void offMacOsChangesAreRefusedClearlyAndStatusStillKnowsNotInstalled() {
        assertThatThrownBy(() -> platform.install(demo().build()))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("cannot install: launchd runs only on macOS");
        assertThat(platform.status(ServiceName.of("demo-not-there")).state()).isEqualTo(ServiceState.NOT_INSTALLED);
    }

    @Test
    void launchctlPrintIsRead() {
        var status = LaunchdPlatform.parsePrint("system/io.jobwarden.demo = {\n\tstate = running\n\tpid = 321\n}");
        assertThat(status.state()).isEqualTo(ServiceState.RUNNING);
        assertThat(status.pid()).contains(321L);
        assertThat(LaunchdPlatform.parsePrint("x = {\n\tstate = waiting\n}").state())
                .isEqualTo(ServiceState.STOPPED);
    }
}
