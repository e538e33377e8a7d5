package com.orderdeskmcp.worker.upstream;

/** The command cannot be carried out as given (our validation, before anything is sent). */
public final class InvalidCommand extends RuntimeException {

    public InvalidCommand(String message) {
        super(message);
    }
}
