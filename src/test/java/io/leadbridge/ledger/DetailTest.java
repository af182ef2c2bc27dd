package io.leadbridge.ledger;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A timeline line's detail, stored and read back as it was written. */
class DetailTest {

    @Test
    void argumentsComeBackAsWrittenTextWithEqualsSignsIncluded() {
        Detail written = Detail.of("CASE", "case QW1 ...", "QW1", 2, Detail.dept("AMR"), Detail.time(OffsetDateTime.parse("2026-12-04T15:59:59Z")),
                "a=b, \"quoted\"", Detail.part("note", null), Detail.depts(List.of("AMR", "CULTURE")), null);
        Detail read = Detail.stored(written.english(), written.code(), written.argsJson());
        assertThat(read.args()).containsExactly(new Detail.Arg(null, "QW1"), new Detail.Arg(null, "2"), new Detail.Arg("dept", "AMR"),
                new Detail.Arg("time", "2026-12-04T15:59:59Z"), new Detail.Arg(null, "a=b, \"quoted\""), new Detail.Arg("part:note", ""),
                new Detail.Arg("depts", "AMR,CULTURE"), new Detail.Arg(null, ""));
        assertThat(read.code()).isEqualTo("CASE");
        assertThat(read.english()).isEqualTo("case QW1 ...");
    }

    @Test
    void aLineWithoutACodeIsItsEnglish() {
        assertThat(Detail.text("请尽快").argsJson()).isNull();
        assertThat(Detail.stored("older line", null, null)).isEqualTo(Detail.text("older line"));
        assertThat(Detail.stored("unreadable", "CASE", "not json")).isEqualTo(Detail.text("unreadable"));
    }
}
