package io.streamflow.ingest.run;

/** Input the service refuses by name (folder or file), as opposed to a failure of the service itself. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
