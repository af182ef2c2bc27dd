package io.leadbridge.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanInitializationException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded H2 file's password and encryption (issue 16, point 11), on real H2 files. */
class H2CredentialsTest {

    static final String ID_NUMBER = "441900198001012103";

    @TempDir
    Path dir;

    String url() {
        return "jdbc:h2:file:" + dir.resolve("leadbridge") + ";WRITE_DELAY=0";
    }

    HikariDataSource pool(String password) {
        HikariDataSource hikari = new HikariDataSource();
        hikari.setJdbcUrl(url());
        hikari.setUsername("sa");
        hikari.setPassword(password);
        return hikari;
    }

    /** A data folder as every one was before: an empty password, an operator's ID number in it. */
    void oldFolder() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE lead (id INT PRIMARY KEY, payload VARCHAR(200))");
            statement.execute("INSERT INTO lead VALUES (1, '" + ID_NUMBER + "')");
        }
    }

    static boolean opens(String url, String password) {
        try (Connection ignored = DriverManager.getConnection(url, "sa", password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void anEmptyPasswordIsRefusedAtStartOutsideTheDemo() {
        try (HikariDataSource hikari = pool("")) {
            assertThatThrownBy(() -> new H2Credentials(false, "").postProcessAfterInitialization(hikari, "dataSource"))
                    .isInstanceOf(BeanInitializationException.class)
                    .hasMessageContaining("spring.datasource.password is empty")
                    .hasMessageContaining("LEADBRIDGE_DB_PASSWORD");
            assertThat(dir.resolve("leadbridge.mv.db")).doesNotExist();
        }
    }

    @Test
    void theDemoMayRunWithoutOne() throws SQLException {
        try (HikariDataSource hikari = pool("")) {
            new H2Credentials(true, "").postProcessAfterInitialization(hikari, "dataSource");
            try (Connection ignored = hikari.getConnection()) {
                assertThat(opens(url(), "")).isTrue();
            }
        }
    }

    @Test
    void aFolderMadeWithAnEmptyPasswordIsGivenTheConfiguredOne() throws SQLException {
        oldFolder();
        try (HikariDataSource hikari = pool("s3cret'pass")) {
            new H2Credentials(false, "").postProcessAfterInitialization(hikari, "dataSource");
            try (Connection connection = hikari.getConnection(); Statement statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT payload FROM lead");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ID_NUMBER);
            }
        }
        assertThat(opens(url(), "")).isFalse();
        assertThat(opens(url(), "s3cret'pass")).isTrue();
    }

    @Test
    void aWrongPasswordIsAClearErrorAtStart() throws SQLException {
        try (Connection ignored = DriverManager.getConnection(url(), "sa", "the-first")) {
            assertThat(ignored).isNotNull();
        }
        try (HikariDataSource hikari = pool("another")) {
            assertThatThrownBy(() -> new H2Credentials(false, "").postProcessAfterInitialization(hikari, "dataSource"))
                    .isInstanceOf(BeanInitializationException.class)
                    .hasMessageContaining("does not open with the configured password");
        }
    }

    @Test
    void withAFileKeyAnOldFolderIsEncryptedAndGivenThePassword() throws Exception {
        oldFolder();
        Path file = dir.resolve("leadbridge.mv.db");
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).contains(ID_NUMBER);
        try (HikariDataSource hikari = pool("s3cret")) {
            new H2Credentials(false, "file-key-1").postProcessAfterInitialization(hikari, "dataSource");
            assertThat(hikari.getJdbcUrl()).endsWith(";CIPHER=AES");
            try (Connection connection = hikari.getConnection(); Statement statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT payload FROM lead");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ID_NUMBER);
            }
        }
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain(ID_NUMBER);
        assertThat(opens(url(), "s3cret")).isFalse();
        assertThat(opens(url() + ";CIPHER=AES", "file-key-1 s3cret")).isTrue();
        assertThat(opens(url() + ";CIPHER=AES", "file-key-1 ")).isFalse();
    }
}
