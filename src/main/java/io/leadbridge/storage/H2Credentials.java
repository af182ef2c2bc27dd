package io.leadbridge.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.api.ErrorCode;
import org.h2.tools.ChangeFileEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 file holds operators' ID numbers and phones, so it is not opened with an empty password, and it can
 * be encrypted. Before the connection pool opens the file (and before {@link H2FileCompaction}):
 * <ul>
 *   <li>an empty {@code spring.datasource.password} (from {@code LEADBRIDGE_DB_PASSWORD}) is refused at start, with
 *       a message that says what to set, unless {@code bridge.storage.h2.allow-empty-password} (the demo profile);</li>
 *   <li>a data folder made with an empty password (every one before this check) is given the configured password
 *       at its first start;</li>
 *   <li>with {@code bridge.storage.h2.file-key} (from {@code LEADBRIDGE_DB_FILE_KEY}) the file is encrypted with
 *       H2's AES cipher ({@code CIPHER=AES}, the key before the password); a file not encrypted yet is encrypted in
 *       place at that start ({@link ChangeFileEncryption}).</li>
 * </ul>
 * Nothing on PostgreSQL or an in-memory H2.
 */
@Component
public class H2Credentials implements BeanPostProcessor, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(H2Credentials.class);
    private static final String FILE_URL = "jdbc:h2:file:";

    private final boolean allowEmpty;
    private final String fileKey;

    public H2Credentials(@Value("${bridge.storage.h2.allow-empty-password:false}") boolean allowEmpty,
                         @Value("${bridge.storage.h2.file-key:}") String fileKey) {
        this.allowEmpty = allowEmpty;
        this.fileKey = fileKey;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before H2FileCompaction opens the file at start
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null && hikari.getJdbcUrl().startsWith(FILE_URL)) {
            String password = hikari.getPassword() == null ? "" : hikari.getPassword();
            if (password.isEmpty() && !allowEmpty) {
                throw new BeanInitializationException("spring.datasource.password is empty: the H2 file in "
                        + database(hikari.getJdbcUrl()).getParent() + " holds operators' ID numbers and phones; set"
                        + " LEADBRIDGE_DB_PASSWORD (only the demo profile runs without one: bridge.storage.h2.allow-empty-password)");
            }
            if (!fileKey.isEmpty()) {
                encrypt(hikari, password);
            }
            givePassword(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(), password);
        }
        return bean;
    }

    /** The pool's URL and password for an encrypted file; an existing file not encrypted yet is encrypted now. */
    private void encrypt(HikariDataSource hikari, String password) {
        if (fileKey.contains(" ")) {
            throw new BeanInitializationException("bridge.storage.h2.file-key (LEADBRIDGE_DB_FILE_KEY) must not contain a space");
        }
        String url = hikari.getJdbcUrl();
        Path file = database(url);
        if (!url.toUpperCase(java.util.Locale.ROOT).contains(";CIPHER=")) {
            hikari.setJdbcUrl(url + ";CIPHER=AES");
        }
        hikari.setPassword(fileKey + " " + password);
        Path mvFile = file.resolveSibling(file.getFileName() + ".mv.db");
        if (Files.exists(mvFile) && (opens(url, hikari.getUsername(), password) || opens(url, hikari.getUsername(), ""))) {
            try {
                ChangeFileEncryption.execute(file.getParent().toString(), file.getFileName().toString(), "AES", null,
                        fileKey.toCharArray(), true);
                LOG.warn("H2 file {} was not encrypted: encrypted now with the configured file key", mvFile);
            } catch (SQLException e) {
                throw new BeanInitializationException("H2 file " + mvFile + " could not be encrypted: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Opens the file with the configured password; a file made with an empty one is given the configured one. The
     * password for the pool stays as configured.
     */
    private void givePassword(String url, String user, String poolPassword, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, poolPassword)) {
            return;
        } catch (SQLException wrong) {
            if (wrong.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD || password.isEmpty()) {
                throw new BeanInitializationException("H2 file " + database(url) + " cannot be opened: " + wrong.getMessage(), wrong);
            }
            String empty = poolPassword.substring(0, poolPassword.length() - password.length()); // the file key, if any
            try (Connection connection = DriverManager.getConnection(url, user, empty);
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER USER " + quoteIdentifier(user) + " SET PASSWORD " + quoteLiteral(password));
                LOG.warn("H2 file {} had an empty password: it has the configured one now", database(url));
            } catch (SQLException stillWrong) {
                throw new BeanInitializationException("H2 file " + database(url) + " does not open with the configured password"
                        + " (spring.datasource.password, LEADBRIDGE_DB_PASSWORD): " + wrong.getMessage(), wrong);
            }
        }
    }

    private static boolean opens(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url + ";IFEXISTS=TRUE", user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The database's path without its extension, from a jdbc:h2:file: URL. */
    static Path database(String url) {
        return Path.of(url.substring(FILE_URL.length()).split(";", 2)[0]).toAbsolutePath();
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.toUpperCase(java.util.Locale.ROOT).replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
