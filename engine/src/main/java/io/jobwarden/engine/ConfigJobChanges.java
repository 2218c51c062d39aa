package io.jobwarden.engine;

import java.util.List;

/**
 * What writing the config file's jobs to the store changed, by job id in file order (removed ones in id order).
 *
 * @param added    ids the store did not hold
 * @param replaced ids whose stored definition differed from the file's (or that the API had created)
 * @param removed  config jobs the file no longer lists
 */
public record ConfigJobChanges(List<String> added, List<String> replaced, List<String> removed) {
    public ConfigJobChanges {
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
    }
}
