package io.leadbridge.bench;

import io.leadbridge.routing.TextNormalizer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Realistic Chinese catalogues for benchmarks. Generated terms are a trade word of two to four characters from
 * the vocabulary of shop signs and business scopes, often with a place-of-business suffix, five
 * terms to an entry (a keyword and four aliases), departments and priorities spread as in the
 * sample catalogue.
 */
public final class CatalogueGenerator {

    private static final String TRADE = "食品餐饮饭馆烧腊糖水奶茶粮油冻品糕点豆制米粉药医疗器械眼镜锅炉气瓶诊所牙科口腔中医针灸美容整形"
            + "桑拿洗浴汗蒸网吧游戏歌舞厅卡拉夜总会旅行书报音像印刷彩丝演出游泳旅馆宾招待民宿钟点刻章典当保安开锁废旧金属"
            + "补习托管兴趣职业电脑焊工会计厨师劳务派遣人力中介驾校陪练货运搬家客运出租汽修补胎摩托化工油漆烟花鞭炮电镀酸洗"
            + "漂染牛仔建筑施工装修搅拌混凝土房屋燃气液化广告摊贩夜市渣土回收塑料纸加油柴拍卖二手车农药兽种苗屠宰宠物烟酒雪茄"
            + "采砂取水养老殡葬寿衣快递贷款担保采石服装制衣童装五金螺丝家具木器电子手机数码鞋理发美甲洗衣干洗百货杂货玩具模具"
            + "包装纸箱水果生鲜花卉家政保洁月嫂洗车贴膜足疗按摩健身瑜伽舞蹈摄影影楼打印复印电商直播维修空调仓储货仓陶艺钓鱼寄卖";
    private static final String[] SUFFIX = {"", "", "", "店", "厂", "馆", "行", "铺", "中心", "作坊", "公司", "工作室", "档", "部", "场", "点", "坊"};
    private static final String[] DEPARTMENTS = {"AMR", "HEALTH", "CULTURE", "PSB", "EDU", "HRSS", "TRANSPORT", "EMERGENCY",
            "ECO", "HOUSING", "URBAN", "COMMERCE", "AGRI", "TOBACCO", "FIRE", "WATER", "CIVIL", "POSTAL", "FINANCE", "NATRES"};
    public static final String HEADER = "keyword,aliases,industry_code,industry_name,permit_name,dept_code,priority,hazard,note\n";

    private CatalogueGenerator() {
    }

    /**
     * A catalogue CSV of {@code terms} distinct terms: the entries of the real catalogue
     * (config/keywords.csv) as far as they fit, so the sample leads find their usual matches,
     * and generated entries for the rest.
     */
    public static String csv(int terms, long seed) {
        StringBuilder csv = new StringBuilder(HEADER);
        Set<String> real = new LinkedHashSet<>();
        for (String line : realRows()) {
            String[] cells = line.split(",", -1);
            List<String> rowTerms = new java.util.ArrayList<>();
            rowTerms.add(cells[0]);
            if (!cells[1].isEmpty()) {
                rowTerms.addAll(List.of(cells[1].split("\\|")));
            }
            if (real.size() + rowTerms.size() > terms) {
                break;
            }
            rowTerms.forEach(t -> real.add(TextNormalizer.normalize(t)));
            csv.append(line).append('\n');
        }
        Random random = new Random(seed);
        Set<String> all = new LinkedHashSet<>();
        while (all.size() < terms - real.size()) {
            String term = term(random);
            if (!real.contains(TextNormalizer.normalize(term))) {
                all.add(term);
            }
        }
        List<String> list = List.copyOf(all);
        for (int i = 0; i < list.size(); i += 5) {
            List<String> entry = list.subList(i, Math.min(i + 5, list.size()));
            boolean general = random.nextInt(3) == 0;
            String dept = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
            csv.append(entry.get(0)).append(',').append(String.join("|", entry.subList(1, entry.size())))
                    .append(",IND_").append(i / 5).append(",行业").append(i / 5).append(',')
                    .append(general ? "," : "许可证" + (i / 5) + "," + dept).append(',')
                    .append(general ? 0 : 5 * random.nextInt(5)).append(',')
                    .append(random.nextInt(10) == 0 ? "MAJOR" : "").append(",\n");
        }
        return csv.toString();
    }

    private static List<String> realRows() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("config/keywords.csv"),
                    java.nio.charset.StandardCharsets.UTF_8);
            return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String term(Random random) {
        int length = 2 + random.nextInt(3);
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < length; i++) {
            term.append(TRADE.charAt(random.nextInt(TRADE.length())));
        }
        return term.append(SUFFIX[random.nextInt(SUFFIX.length)]).toString();
    }
}
