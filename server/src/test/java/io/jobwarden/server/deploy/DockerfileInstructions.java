package io.jobwarden.server.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as Docker reads it, for tests: comments dropped, continued lines joined, one instruction per
 * entry. {@link #finalStage} is what the image is made of: the instructions after the last {@code FROM}.
 */
record DockerfileInstructions(List<Instruction> all) {
    record Instruction(String keyword, String arguments) {}

    static DockerfileInstructions read(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) continue;
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (text.isEmpty()) continue;
            int space = text.indexOf(' ');
            out.add(new Instruction(
                    text.substring(0, space < 0 ? text.length() : space).toUpperCase(Locale.ROOT),
                    space < 0 ? "" : text.substring(space + 1).strip()));
        }
        return new DockerfileInstructions(List.copyOf(out));
    }

    List<String> arguments(String keyword) {
        return all.stream()
                .filter(i -> i.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }

    DockerfileInstructions finalStage() {
        int last = 0;
        for (int i = 0; i < all.size(); i++) if (all.get(i).keyword().equals("FROM")) last = i;
        return new DockerfileInstructions(all.subList(last, all.size()));
    }
}
