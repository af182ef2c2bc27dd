package io.leadbridge.console;

import io.leadbridge.config.BridgeProperties;
import io.leadbridge.ledger.Detail;
import io.leadbridge.reference.Departments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.OffsetDateTime;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A timeline line as the console says it, with the console's own messages and the departments' code table. */
class SentencesTest {

    private final Sentences sentences = new Sentences(new Departments(new BridgeProperties()), messages());

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void aCodedLineIsSaidInTheReadersLanguageWithNamesForItsCodes() {
        Detail case1 = Detail.of("CASE", "case QW1 dispatch 1 (AUTO) to AMR; ...", "QW1", 1, Detail.named("mode", "AUTO"),
                Detail.dept("AMR"), Detail.time(OffsetDateTime.parse("2026-12-04T15:59:59Z")), Detail.time(null));
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(sentences.of(case1)).isEqualTo("案件 QW1 第 1 次派发（自动分拨）至 东莞市市场监督管理局；签收时限 2026-12-04 23:59:59，办结时限 —");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(sentences.of(case1)).isEqualTo("Case QW1, dispatch 1 (by the router) to Market Regulation Administration; accept by 2026-12-04 23:59:59, close by —");
    }

    @Test
    void anEmptyPartIsLeftOutAndAnEmptyArgumentIsADash() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(sentences.of(Detail.of("ASSIGNED", "to AMR", Detail.dept("AMR"), Detail.part("note", null))))
                .isEqualTo("指派至 东莞市市场监督管理局");
        assertThat(sentences.of(Detail.of("ASSIGNED", "to AMR: 无证", Detail.dept("AMR"), Detail.part("note", "无证"))))
                .isEqualTo("指派至 东莞市市场监督管理局，说明：无证");
        assertThat(sentences.of(Detail.of("DISPUTED_AMONG", "{...}", Detail.named("cause", "CONFLICT"), Detail.depts(java.util.List.of("AMR", "CULTURE")))))
                .isEqualTo("系统无法确定部门：部门冲突（候选部门：东莞市市场监督管理局、东莞市文化广电旅游体育局）");
    }

    @Test
    void freeTextOldLinesAndUnknownCodesAreShownAsWritten() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(sentences.of(Detail.text("请尽快处理"))).isEqualTo("请尽快处理");
        assertThat(sentences.of(Detail.of("NO_SUCH_CODE", "the English as written"))).isEqualTo("the English as written");
        assertThat(sentences.of(null)).isEmpty();
    }

    @Test
    void originsNoticesAndWhyAreSaidInTheReadersWords() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(sentences.of(Detail.of("RECEIVED_FROM", "version 2 by POLL (page start #3)", 2, Detail.named("channel", "POLL"),
                Detail.origin("page start #3")))).isEqualTo("第 2 版，经拉取接收（拉取页 首页 第 3 条）");
        assertThat(sentences.of(Detail.of("NOTICE_DELIVERED", "notice ...", Detail.notice("QW1-2-ADDENDUM-1"), Detail.dept("AMR"), 3)))
                .isEqualTo("补充通知 1 已送达 东莞市市场监督管理局（共尝试 3 次）");
        assertThat(sentences.why("address, location within 50 m, shop name")).isEqualTo("地址相同、位置相距 50 米以内、店名相同");
        assertThat(sentences.why("linked by hand: 同一家店")).isEqualTo("人工关联：同一家店");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(sentences.why("ID number, phone")).isEqualTo("same ID number, same phone");
    }
}
