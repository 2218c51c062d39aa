package io.jobwarden.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure of one contestant in one setting, over repetitions, with what its correctness checks found.
 *
 * @param higherIsBetter how ratios read: rates are better high, times and sizes low
 */
public record Measurement(
        String scenario,
        String contestant,
        String setting,
        String metric,
        String unit,
        boolean higherIsBetter,
        List<Double> values,
        List<String> problems) {

    public Measurement {
        values = List.copyOf(values);
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    public boolean hasValues() {
        return !values.isEmpty();
    }

    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }

    public double max() {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    /** Collects the repetitions of one measurement. */
    public static final class Builder {
        private final String scenario;
        private final String contestant;
        private final String setting;
        private final String metric;
        private final String unit;
        private final boolean higherIsBetter;
        private final List<Double> values = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        public Builder(
                String scenario,
                String contestant,
                String setting,
                String metric,
                String unit,
                boolean higherIsBetter) {
            this.scenario = scenario;
            this.contestant = contestant;
            this.setting = setting;
            this.metric = metric;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }

        public Builder add(double value) {
            values.add(value);
            return this;
        }

        public Builder problem(int repetition, String problem) {
            problems.add("rep " + repetition + ": " + problem);
            return this;
        }

        public Measurement build() {
            return new Measurement(scenario, contestant, setting, metric, unit, higherIsBetter, values, problems);
        }
    }
}
