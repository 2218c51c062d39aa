package io.jobwarden.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Optional;

/**
 * A cron expression evaluated in a zone, with the DST rule of docs/semantics.md (Vixie cron's): a fixed hour fires once
 * for a wall-clock time that occurs twice, at its first occurrence, and a fixed time inside a spring-forward gap
 * fires at the first instant after the gap; an hour field of {@code *} or a step fires at every real instant that
 * matches, on both passes of a repeated hour, and not at all inside a gap.
 * <p>
 * The search walks the zone's offset periods in instant order. Within one period local time and instants move
 * together, so the first local match in the period is the answer; between periods come the gaps and the repeated
 * hours, where the rule above decides.
 */
final class CronSchedule implements Schedule {
    private static final Instant EARLIEST = Instant.parse("1969-12-30T00:00:00Z");
    /** Offsets lie within ±18 hours, so local time cannot fall back further than this however clocks change. */
    private static final Duration OFFSET_SPAN = Duration.ofHours(36);

    private static final Instant LATEST = Instant.parse((CronFieldType.LAST_YEAR + 1) + "-01-02T00:00:00Z");

    private final String expression;
    private final ZoneId zone;
    private final CronFields fields;

    CronSchedule(String expression, ZoneId zone, CronFields fields) {
        this.expression = expression;
        this.zone = zone;
        this.fields = fields;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        if (!after.isBefore(LATEST)) return Optional.empty();
        Instant from = after.isBefore(EARLIEST)
                ? EARLIEST
                : after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        ZoneRules rules = zone.getRules();
        LocalMatches matches = new LocalMatches(fields);
        boolean fixedHour = !fields.hours().repeats();
        ZoneOffsetTransition arriving = transitionAt(rules, from);
        while (true) {
            if (fixedHour
                    && arriving != null
                    && arriving.isGap()
                    && matches.anyIn(arriving.getDateTimeBefore(), arriving.getDateTimeAfter())) {
                return Optional.of(arriving.getInstant());
            }
            ZoneOffset offset = rules.getOffset(from);
            LocalDateTime local = LocalDateTime.ofEpochSecond(from.getEpochSecond(), 0, offset);
            if (local.getYear() > CronFieldType.LAST_YEAR) return Optional.empty();
            ZoneOffsetTransition next = rules.nextTransition(from);
            LocalDateTime match = matches.firstAtOrAfter(local);
            if (match == null && (next == null || next.getInstant().isAfter(from.plus(OFFSET_SPAN)))) {
                return Optional.empty(); // later periods start later in local time too: none of them can match
            }
            if (match != null && (next == null || match.isBefore(next.getDateTimeBefore()))) {
                ZoneOffsetTransition repeated = fixedHour ? repeatedBy(rules, match, offset) : null;
                if (repeated == null) return Optional.of(match.toInstant(offset));
                // the second pass of a repeated hour: a fixed hour already fired on the first
                from = repeated.getDateTimeBefore().toInstant(offset);
                arriving = null;
                continue;
            }
            if (next == null) return Optional.empty();
            from = next.getInstant();
            arriving = next;
        }
    }

    /** The transition happening exactly at {@code instant}, or null. */
    private static ZoneOffsetTransition transitionAt(ZoneRules rules, Instant instant) {
        ZoneOffsetTransition next = rules.nextTransition(instant.minusSeconds(1));
        return next != null && next.getInstant().equals(instant) ? next : null;
    }

    /** The overlap whose second pass {@code local} (read at {@code offset}) is in, or null. */
    private static ZoneOffsetTransition repeatedBy(ZoneRules rules, LocalDateTime local, ZoneOffset offset) {
        ZoneOffsetTransition transition = rules.getTransition(local);
        return transition != null && transition.isOverlap() && offset.equals(transition.getOffsetAfter())
                ? transition
                : null;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String describe() {
        String reading = CronDescriber.describe(fields);
        // the same words read "0 30 2" and "0 30 2/23", which part ways only where the clock jumps
        // ... from now on: Asia/Tokyo last moved its clocks in 1951, so the words would be noise there
        boolean clockJumps = zone.getRules().nextTransition(Instant.now()) != null;
        return clockJumps && !fields.hours().repeats() ? reading + "; fixed hours: once on DST days" : reading;
    }

    @Override
    public Optional<String> clockNote(Instant previous, Instant fire) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) return Optional.empty();
        LocalMatches matches = new LocalMatches(fields);
        boolean fixedHour = !fields.hours().repeats();
        ZoneOffsetTransition gap = transitionAt(rules, fire);
        if (fixedHour && gap != null && gap.isGap()) {
            LocalDateTime moved = matches.firstAtOrAfter(gap.getDateTimeBefore());
            if (moved != null && moved.isBefore(gap.getDateTimeAfter())) {
                return Optional.of(missing(moved) + ": fires at " + clock(gap.getDateTimeAfter()));
            }
        }
        if (!fixedHour) {
            // a stepped or * hour fires only at real instants: a match inside a gap between two fires is dropped
            for (ZoneOffsetTransition t = rules.nextTransition(previous);
                    t != null && t.getInstant().isBefore(fire);
                    t = rules.nextTransition(t.getInstant())) {
                if (!t.isGap()) continue;
                LocalDateTime dropped = matches.firstAtOrAfter(t.getDateTimeBefore());
                if (dropped != null && dropped.isBefore(t.getDateTimeAfter())) {
                    return Optional.of(missing(dropped) + ": skipped, as the hour field repeats");
                }
            }
            return Optional.empty();
        }
        ZoneOffset offset = rules.getOffset(fire);
        LocalDateTime local = LocalDateTime.ofInstant(fire, offset);
        ZoneOffsetTransition overlap = rules.getTransition(local);
        if (overlap != null && overlap.isOverlap() && offset.equals(overlap.getOffsetBefore())) {
            return Optional.of(clock(overlap.getDateTimeAfter()) + "-" + clock(overlap.getDateTimeBefore())
                    + " occurs twice in " + zone.getId() + " on "
                    + overlap.getDateTimeAfter().toLocalDate()
                    + ": fires once, at the first");
        }
        return Optional.empty();
    }

    private String missing(LocalDateTime local) {
        return local.toLocalDate() + " " + clock(local) + " does not exist in " + zone.getId();
    }

    /** 02:30, or 02:30:15 where the seconds matter. */
    private static String clock(LocalDateTime local) {
        String minutes = String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute());
        return local.getSecond() == 0 ? minutes : minutes + String.format(Locale.ROOT, ":%02d", local.getSecond());
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }

    /**
     * Local matches for one search, remembering the last answer: a period after a gap starts later in local time
     * than the one before, so the same first match usually serves several periods without searching again.
     */
    private static final class LocalMatches {
        private final CronFields fields;
        private LocalDateTime searchedFrom;
        private LocalDateTime match;

        LocalMatches(CronFields fields) {
            this.fields = fields;
        }

        LocalDateTime firstAtOrAfter(LocalDateTime from) {
            boolean cached =
                    searchedFrom != null && !from.isBefore(searchedFrom) && (match == null || !from.isAfter(match));
            if (!cached) {
                searchedFrom = from;
                match = fields.nextMatch(from);
            }
            return match;
        }

        boolean anyIn(LocalDateTime from, LocalDateTime until) {
            LocalDateTime first = firstAtOrAfter(from);
            return first != null && first.isBefore(until);
        }
    }
}
