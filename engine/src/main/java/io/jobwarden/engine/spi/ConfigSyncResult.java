package io.jobwarden.engine.spi;

import java.util.List;

/**
 * What writing the config file's jobs did (docs/semantics.md, "Config jobs and API edits").
 *
 * @param revision       the revision of the file's jobs this node offered
 * @param newerRevision  when not null, another node had already synced this newer revision first, and nothing was
 *                       written: this node's file is out of date
 * @param created        ids of config jobs added
 * @param replaced       ids of jobs whose definition was written again from the file
 * @param keptApiEdits   ids of jobs edited through the API whose file definition has not changed since: left as edited
 * @param deleted        ids of config jobs removed because the file no longer has them
 */
public record ConfigSyncResult(
        String revision,
        String newerRevision,
        List<String> created,
        List<String> replaced,
        List<String> keptApiEdits,
        List<String> deleted) {}
