package io.jobwarden.platform;

/** Bad input for a service definition; the message names the option and is fit to show the user as is. */
public final class InvalidServiceDefinitionException extends IllegalArgumentException {
    private final String field;

    public InvalidServiceDefinitionException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
