-- Several instances: the one that holds this lock polls Smart-Grid (Spring Integration's
-- JdbcLockRegistry and LockRegistryLeaderInitiator; the table as spring-integration-jdbc ships it).
CREATE TABLE INT_LOCK (
    LOCK_KEY     CHAR(36)     NOT NULL,
    REGION       VARCHAR(100) NOT NULL,
    CLIENT_ID    CHAR(36),
    CREATED_DATE TIMESTAMP    NOT NULL,
    CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION)
);
