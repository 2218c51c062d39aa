package io.jobwarden.platform;

/**
 * One change an install or uninstall makes. A dry run prints the steps; a real run executes the very same
 * steps, so what is printed is what is done.
 */
public interface PlanStep {
    /** The step for people, possibly several lines; secrets are never part of it. */
    String describe();
}
