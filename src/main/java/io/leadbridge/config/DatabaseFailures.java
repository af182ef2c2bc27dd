package io.leadbridge.config;

/** Tells the bridge's own database being out of reach from a failure of the work itself. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * Two transactions got in each other's way (a deadlock, a lock not had in time, the same key at once):
     * the work itself is sound and goes through when taken again in smaller pieces.
     */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // H2's "Timeout trying to lock table" arrives as a QueryTimeoutException
            if (t instanceof org.springframework.dao.ConcurrencyFailureException
                    || t instanceof org.springframework.dao.QueryTimeoutException
                    || t instanceof org.springframework.dao.DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    /** The database could not be reached or a connection had (a retry later may well succeed). */
    public static boolean isOutOfReach(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
