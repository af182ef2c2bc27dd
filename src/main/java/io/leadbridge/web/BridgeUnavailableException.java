package io.leadbridge.web;

/** The bridge cannot do this now (database or broker trouble); the caller should try again later. */
public class BridgeUnavailableException extends RuntimeException {
    public BridgeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
