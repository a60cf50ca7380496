package io.streamflow.ingest.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/** A health check of the group streamflow that counts for liveness only: a process that fails it is to be restarted. */
abstract class LivenessCheck extends AbstractHealthCheck {

    LivenessCheck(String id) {
        super("streamflow", id);
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }
}
