package io.jobwarden.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local ports of a process's TCP connections to a server port, read from Linux's {@code /proc}: the sockets among
 * the process's open files, matched by inode against the kernel's connection tables.
 */
final class NodeSockets {
    private NodeSockets() {}

    static Set<Integer> localPortsTo(long pid, int serverPort) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between listing and reading
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("tcp", "tcp6")) {
                Path file = Path.of("/proc", Long.toString(pid), "net", table);
                if (!Files.exists(file)) continue;
                List<String> lines = Files.readAllLines(file); // once: it changes as connections come and go
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16);
                    if (remote == serverPort && inodes.contains(f[9])) ports.add(local);
                }
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sockets of process " + pid, e);
        }
    }
}
