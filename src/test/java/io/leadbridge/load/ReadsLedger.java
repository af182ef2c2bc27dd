package io.leadbridge.load;

import io.leadbridge.search.SearchText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated ledger for the reads benchmark and the plans test (issue 19): {@code n} leads spread
 * over the twelve months before {@code now}, in every state, with their dispatches, timelines and
 * statuses, written straight into the tables in lots. Most are closed; the open ones are recent, some
 * overdue; a few need a person (no match, conflict, objection, bounced, delivery failed, invalid).
 * Each has a generated shop name, address, operator and inspector, in the search index. The counters are not
 * made here (the benchmark has TallyStore count every lead afterwards).
 */
public final class ReadsLedger {

    static final String[] DEPTS = {"AMR", "HEALTH", "CULTURE", "PSB", "FIRE", "EDU", "TRANSPORT", "ECOENV"};
    static final String[] INDUSTRIES = {"C13", "H62", "H61", "R88", "O80", "F52", "P83", "S94"};
    static final String[] OUTCOMES = {"LICENSED", "BANNED", "PENALIZED", "CEASED", "NOT_FOUND", "TRANSFERRED_JUDICIAL", "OTHER"};
    private static final String PAYLOAD_TAIL = "x".repeat(400);
    /** Parts of generated shop names, addresses and names: a search's grams meet postings of every size. */
    private static final String[] NAME_WORDS = {"老王", "阿强", "鸿运", "金福", "兴旺", "顺发", "大众", "红星", "东方", "新时代", "佳美",
            "百姓", "乐购", "好邻居", "永盛", "华联", "福满", "聚源", "明珠", "利民"};
    private static final String[] TRADES = {"鞋店", "餐馆", "理发店", "便利店", "五金店", "网吧", "诊所", "药店", "棋牌室", "洗车行",
            "小吃店", "服装店", "烟酒店", "美容院", "维修部", "茶庄", "面馆", "水果店", "电器行", "培训中心"};
    private static final String[] ROADS = {"人民路", "解放路", "建设路", "中山路", "新华街", "文化路", "东城大道", "莞太路", "振兴路", "环城路",
            "沿河路", "学院路", "工业路", "商业街", "南城大道"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
            "林", "罗", "梁"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
            "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕"};

    private ReadsLedger() {
    }

    /** Writes n leads with ids after the table's highest; answers the first id written. */
    public static long write(JdbcTemplate jdbc, TransactionTemplate transaction, List<String> towns, int n, OffsetDateTime now,
                             long seed) {
        Random random = new Random(seed);
        long first = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM lead", Long.class);
        int lot = 2_000;
        for (int start = 0; start < n; start += lot) {
            int from = start;
            int to = Math.min(n, start + lot);
            transaction.executeWithoutResult(s -> writeLot(jdbc, towns, first, from, to, n, now, random));
        }
        restartIdentities(jdbc);
        return first;
    }

    /** The identity columns go on above the ids written here (H2IdentityRepair on H2, setval on PostgreSQL). */
    static void restartIdentities(JdbcTemplate jdbc) {
        jdbc.execute((java.sql.Connection connection) -> {
            if (connection.getMetaData().getDatabaseProductName().startsWith("H2")) {
                io.leadbridge.config.H2IdentityRepair.repair(connection);
            } else {
                try (var statement = connection.createStatement()) {
                    for (String table : List.of("lead", "lead_history", "status_outbox")) {
                        statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table
                                + "))");
                    }
                }
            }
            return null;
        });
    }

    private static void writeLot(JdbcTemplate jdbc, List<String> towns, long first, int from, int to, int total,
                                 OffsetDateTime now, Random random) {
        List<Object[]> leads = new ArrayList<>();
        List<Object[]> dispatches = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        List<Object[]> statuses = new ArrayList<>();
        List<Object[]> grams = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long id = first + i;
            String eventId = "RD-" + id;
            String town = towns.get(random.nextInt(towns.size()));
            String dept = DEPTS[random.nextInt(DEPTS.length)];
            String inspector = "G" + random.nextInt(400);
            // received in the order of their ids, as a ledger fills over a year, with a little jitter
            double age = Math.max(0, Math.min(1, 1 - (i + random.nextDouble()) / total));
            OffsetDateTime received = now.minusSeconds((long) (age * 365 * 86400));
            int roll = random.nextInt(1000);
            boolean recent = age < 0.12;
            String state;
            if (roll < 8) {
                state = "INVALID";
            } else if (roll < 50) {
                state = "HELD";
            } else if (roll < 70) {
                state = "DISPUTED";
            } else if (roll < 78) {
                state = "DELIVERY_FAILED";
            } else if (roll < 110) {
                state = "DISMISSED";
            } else if (recent || roll < 140) {
                state = new String[]{"ROUTED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "CLOSED"}[random.nextInt(5)];
            } else {
                state = "CLOSED";
            }
            boolean cased = !List.of("INVALID", "HELD").contains(state) && !(state.equals("DISPUTED") && roll < 60);
            String reason = state.equals("DISPUTED") ? (roll < 55 ? "NO_MATCH" : roll < 60 ? "CONFLICT" : "OBJECTION") : cased ? "KEYWORD" : null;
            String decision = state.equals("INVALID") || state.equals("HELD") ? null : state.equals("DISPUTED") ? "DISPUTED" : "ROUTED";
            String caseNo = cased ? "QW" + town + received.toLocalDate().toString().replace("-", "") + String.format("%07d", id) : null;
            OffsetDateTime dispatched = cased ? received.plusMinutes(5) : null;
            OffsetDateTime deadlineAccept = cased ? dispatched.plusDays(2) : null;
            OffsetDateTime deadlineFinish = cased ? dispatched.plusDays(20) : null;
            boolean accepts = cased && List.of("ACCEPTED", "IN_PROGRESS", "CLOSED").contains(state);
            OffsetDateTime accepted = accepts ? dispatched.plusHours(2 + random.nextInt(80)) : null;
            OffsetDateTime closed = state.equals("CLOSED") ? accepted.plusDays(1 + random.nextInt(30))
                    : state.equals("DISMISSED") ? received.plusDays(3) : null;
            if (closed != null && closed.isAfter(now)) {
                closed = now.minusMinutes(1);
            }
            String outcome = state.equals("CLOSED") ? OUTCOMES[random.nextInt(OUTCOMES.length)] : state.equals("DISMISSED") ? "DUPLICATE" : null;
            boolean open = List.of("ROUTED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS").contains(state);
            OffsetDateTime overdueAccept = open && accepted == null && deadlineAccept.isBefore(now) ? deadlineAccept : null;
            OffsetDateTime overdueClose = open && deadlineFinish.isBefore(now) ? deadlineFinish : null;
            String reviewFlag = state.equals("DISPUTED") && roll == 69 ? "BOUNCED" : null;
            String hazard = random.nextInt(10) == 0 ? "MAJOR" : "NORMAL";
            String industry = INDUSTRIES[random.nextInt(INDUSTRIES.length)];
            String routing = decision == null ? null : "{\"decision\":\"" + decision + "\",\"industryCode\":\"" + industry
                    + "\",\"reason\":\"" + reason + "\"}";
            String shop = NAME_WORDS[random.nextInt(NAME_WORDS.length)] + TRADES[random.nextInt(TRADES.length)];
            String address = ROADS[random.nextInt(ROADS.length)] + (1 + random.nextInt(999)) + "号";
            String operator = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
            String inspectorName = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
            String payload = "{\"eventId\":\"" + eventId + "\",\"townCode\":\"" + town + "\",\"subject\":{\"name\":\"" + shop
                    + "\",\"address\":\"" + address + "\",\"operatorName\":\"" + operator + "\"},\"inspector\":{\"id\":\"" + inspector
                    + "\",\"name\":\"" + inspectorName + "\"},\"note\":\"" + PAYLOAD_TAIL + "\"}";
            if (!state.equals("INVALID")) {
                for (String gram : SearchText.grams(List.of(SearchText.fold(shop), SearchText.fold(address), SearchText.fold(operator),
                        SearchText.fold(inspectorName), SearchText.fold(inspector)))) {
                    grams.add(new Object[]{io.leadbridge.search.SearchKey.of(gram, id)});
                }
            }
            leads.add(new Object[]{id, eventId, state.equals("INVALID") ? null : eventId, 1, state, "FILE", town, cased ? dept : null,
                    caseNo, cased ? 1 : null, decision, reason, hazard, reviewFlag, payload, routing, inspector, received,
                    closed != null ? closed : received, dispatched, deadlineAccept, deadlineFinish, accepted, closed, outcome,
                    overdueAccept, overdueClose});
            history.add(new Object[]{id, received, "smart-grid", "RECEIVED", "RECEIVED", null});
            if (state.equals("DISPUTED")) {
                history.add(new Object[]{id, received, "router", "DISPUTED", "DISPUTED", "{\"decision\":\"DISPUTED\",\"reason\":\""
                        + (reason.equals("OBJECTION") ? "NO_MATCH" : reason) + "\"}"});
            }
            if (cased) {
                dispatches.add(new Object[]{caseNo, id, dept, random.nextInt(8) == 0 ? "MANUAL" : "AUTO",
                        state.equals("DELIVERY_FAILED") ? "FAILED" : "DELIVERED", "{\"caseNo\":\"" + caseNo + "\"}", dispatched,
                        dispatched});
                history.add(new Object[]{id, dispatched, "router", "DISPATCHED", "ROUTED", null});
                if (reason.equals("OBJECTION")) {
                    history.add(new Object[]{id, dispatched.plusHours(3), "dept:" + dept, "OBJECTION", "DISPUTED", "{}"});
                }
            }
            if (closed != null) {
                history.add(new Object[]{id, closed, "dept:" + dept, state, state, null});
            }
            statuses.add(new Object[]{eventId, "ESCALATED", "{}", received, received, received});
            if (closed != null) {
                statuses.add(new Object[]{eventId, state, "{}", closed, closed, closed});
            }
        }
        jdbc.batchUpdate("INSERT INTO lead (id, event_id, event_key, version, state, channel, town_code, dept_code, case_no, dispatch_seq,"
                + " decision, reason, hazard, review_flag, payload, routing, inspector_id, received_at, updated_at, dispatched_at,"
                + " deadline_accept, deadline_finish, accepted_at, closed_at, outcome, overdue_accept_at, overdue_close_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", leads);
        jdbc.batchUpdate("INSERT INTO dispatch (case_no, dispatch_seq, lead_id, dept_code, mode, status, case_json, created_at, finished_at)"
                + " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)", dispatches);
        jdbc.batchUpdate("INSERT INTO lead_history (lead_id, at, actor, event, state, detail) VALUES (?, ?, ?, ?, ?, ?)", history);
        jdbc.batchUpdate("INSERT INTO status_outbox (event_id, status, body, created_at, next_attempt_at, sent_at, attempts)"
                + " VALUES (?, ?, ?, ?, ?, ?, 1)", statuses);
        // the search index as the indexer writes it (search.SearchIndex), without its notes
        jdbc.batchUpdate("INSERT INTO search_key (k) VALUES (?)", grams);
    }
}
