package io.leadbridge.routing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Tables catalogue_version and catalogue_activation: what was loaded, and which is in use. */
@Repository
public class CatalogueVersions {

    /** One catalogue version as stored. */
    public record Version(String version, int entries, int terms, String fileName, String loadedBy, OffsetDateTime loadedAt) {
    }

    /** One switch of the catalogue in use. */
    public record Activation(long id, String version, String source, String fileHash, String activatedBy,
                             OffsetDateTime activatedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public CatalogueVersions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void saveIfAbsent(Catalogue catalogue, String content, String fileName, String actor) {
        if (find(catalogue.version()).isEmpty()) {
            jdbc.sql("INSERT INTO catalogue_version (version, content, entries, terms, file_name, loaded_by, loaded_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(catalogue.version(), content, catalogue.entries().size(), catalogue.termCount(), fileName, actor,
                            OffsetDateTime.now(clock))
                    .update();
        }
    }

    public void activate(String version, String source, String fileHash, String actor) {
        jdbc.sql("INSERT INTO catalogue_activation (version, source, file_hash, activated_by, activated_at) VALUES (?, ?, ?, ?, ?)")
                .params(version, source, fileHash, actor, OffsetDateTime.now(clock)).update();
    }

    public Optional<Version> find(String version) {
        return jdbc.sql("SELECT version, entries, terms, file_name, loaded_by, loaded_at FROM catalogue_version WHERE version = ?")
                .param(version).query(CatalogueVersions::version).optional();
    }

    public Optional<String> content(String version) {
        return jdbc.sql("SELECT content FROM catalogue_version WHERE version = ?").param(version).query(String.class).optional();
    }

    /** The newest activations first. */
    public List<Activation> activations(int limit) {
        return jdbc.sql("SELECT id, version, source, file_hash, activated_by, activated_at FROM catalogue_activation"
                        + " ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Activation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    public Optional<Activation> active() {
        return activations(1).stream().findFirst();
    }

    /** The hash of the catalogue file as last loaded from config/, if ever. */
    public Optional<String> lastFileHash() {
        return jdbc.sql("SELECT file_hash FROM catalogue_activation WHERE file_hash IS NOT NULL ORDER BY id DESC LIMIT 1")
                .query(String.class).optional();
    }

    private static Version version(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Version(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class));
    }
}
