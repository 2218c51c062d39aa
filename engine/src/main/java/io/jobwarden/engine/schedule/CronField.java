package io.jobwarden.engine.schedule;

import java.util.BitSet;

/**
 * The values one plain cron field allows (seconds, minutes, hours, months, years; days use {@link DayOfMonthRule}
 * and {@link DayOfWeekRule}), as a bit set indexed by value. Immutable: the bits are copied in and never handed out.
 */
final class CronField {
    private final CronFieldType type;
    private final BitSet values;
    private final boolean wildcard;
    private final boolean stepped;

    /**
     * @param wildcard the field was written starting with {@code *} (or was {@code ?}): Vixie cron treats such a
     *                 field as unrestricted, whatever follows
     * @param stepped  some element of the field has a {@code /} step
     */
    CronField(CronFieldType type, BitSet values, boolean wildcard, boolean stepped) {
        this.type = type;
        this.values = (BitSet) values.clone();
        this.wildcard = wildcard;
        this.stepped = stepped;
    }

    static CronField all(CronFieldType type) {
        BitSet bits = new BitSet();
        bits.set(type.min, type.max + 1);
        return new CronField(type, bits, true, false);
    }

    static CronField of(CronFieldType type, int value) {
        BitSet bits = new BitSet();
        bits.set(value);
        return new CronField(type, bits, false, false);
    }

    CronFieldType type() {
        return type;
    }

    /** The smallest allowed value at or above {@code from}, or -1. */
    int next(int from) {
        if (from > type.max) return -1;
        int next = values.nextSetBit(Math.max(from, 0));
        return next > type.max ? -1 : next;
    }

    int count() {
        return values.cardinality();
    }

    int first() {
        return values.nextSetBit(0);
    }

    boolean isAll() {
        return count() == type.max - type.min + 1;
    }

    boolean isSingle() {
        return count() == 1;
    }

    boolean isWildcard() {
        return wildcard;
    }

    /** True for {@code *} and steps: such an hour field fires on both passes of a repeated hour (docs/semantics.md). */
    boolean repeats() {
        return wildcard || stepped;
    }

    int[] toArray() {
        return values.stream().toArray();
    }
}
